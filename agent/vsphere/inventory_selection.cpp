#include "agent/vsphere/inventory_selection.h"

#include <fnmatch.h>

#include <algorithm>
#include <stdexcept>

namespace mks::vsphere {
namespace {

std::string normalised(std::string path) {
  if (!path.starts_with('/')) path.insert(0, "/");
  while (path.size() > 1 && path.ends_with('/')) path.pop_back();
  return path;
}

template <class Test>
bool any_of_or_empty(const std::vector<std::string>& wanted, Test test) {
  return wanted.empty() || std::any_of(wanted.begin(), wanted.end(), test);
}

template <class Test>
void check_each(const std::vector<std::string>& wanted, const std::vector<VmRecord>& inventory,
                const char* kind, Test has) {
  for (const auto& name : wanted) {
    const auto found = std::any_of(inventory.begin(), inventory.end(),
                                   [&](const VmRecord& vm) { return has(vm, name); });
    if (!found) throw std::invalid_argument("vCenter has no " + std::string(kind) + " " + name);
  }
}

bool in_folder(const VmRecord& vm, const std::string& path) {
  return folder_within(vm.folder, path);
}
bool in_cluster(const VmRecord& vm, const std::string& name) {
  return vm.cluster == name;
}
bool on_host(const VmRecord& vm, const std::string& name) {
  return vm.host == name;
}

}  // namespace

bool folder_within(const std::string& folder, const std::string& path) {
  const std::string prefix = normalised(path);
  if (prefix == "/") return true;
  return folder == prefix || (folder.starts_with(prefix) && folder[prefix.size()] == '/');
}

bool InventorySelection::matches(const VmRecord& vm) const {
  if (!include_powered_off && vm.power_state != "poweredOn") return false;
  const auto named = [&](const std::string& glob) {
    return fnmatch(glob.c_str(), vm.name.c_str(), 0) == 0;
  };
  return any_of_or_empty(folders, [&](const std::string& f) { return in_folder(vm, f); }) &&
         any_of_or_empty(clusters, [&](const std::string& c) { return in_cluster(vm, c); }) &&
         any_of_or_empty(hosts, [&](const std::string& h) { return on_host(vm, h); }) &&
         any_of_or_empty(vm_globs, named);
}

void check_selection(const InventorySelection& selection, const std::vector<VmRecord>& inventory) {
  check_each(selection.folders, inventory, "folder", in_folder);
  check_each(selection.clusters, inventory, "cluster", in_cluster);
  check_each(selection.hosts, inventory, "host", on_host);
}

}  // namespace mks::vsphere
