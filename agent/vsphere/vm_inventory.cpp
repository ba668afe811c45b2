#include "agent/vsphere/vm_inventory.h"

#include <algorithm>
#include <map>

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

using ObjectIndex = std::map<std::string, const ObjectProperties*>;

const ObjectProperties* lookup(const ObjectIndex& index, const std::string& moref) {
  const auto found = index.find(moref);
  return found == index.end() ? nullptr : found->second;
}

// "/DC0/vm/Linux": the names from the top of the list's objects down to `folder`. The
// depth bound stops a parent cycle in a broken reply.
std::string folder_path(const ObjectIndex& index, const std::string& folder) {
  std::string path;
  const ObjectProperties* at = lookup(index, folder);
  for (int depth = 0; at != nullptr && depth < 64; ++depth) {
    path.insert(0, "/" + at->value("name"));
    at = lookup(index, at->value("parent"));
  }
  return path;
}

VmRecord record_of(const ObjectIndex& index, const ObjectProperties& vm) {
  VmRecord record;
  record.moref = vm.object.value;
  record.name = vm.value("name");
  record.power_state = vm.value("runtime.powerState");
  record.folder = folder_path(index, vm.value("parent"));
  if (const ObjectProperties* host = lookup(index, vm.value("runtime.host"))) {
    record.host = host->value("name");
    const ObjectProperties* compute = lookup(index, host->value("parent"));
    if (compute != nullptr && compute->object.type == "ClusterComputeResource") {
      record.cluster = compute->value("name");
    }
  }
  return record;
}

}  // namespace

std::vector<VmRecord> vm_records(const std::vector<ObjectProperties>& objects) {
  ObjectIndex index;
  for (const auto& object : objects) index[object.object.value] = &object;
  std::vector<VmRecord> out;
  for (const auto& object : objects) {
    if (object.object.type == "VirtualMachine") out.push_back(record_of(index, object));
  }
  std::sort(out.begin(), out.end(), [](const VmRecord& a, const VmRecord& b) {
    return a.name != b.name ? a.name < b.name : a.moref < b.moref;
  });
  return out;
}

asio::awaitable<std::vector<VmRecord>> read_vm_inventory(SoapClient& soap,
                                                         const ServiceContent& service,
                                                         int page_size) {
  // ComputeResource covers clusters too (a subtype); the cluster test is on the object type.
  const std::vector<WantedProperties> wanted = {
      {"VirtualMachine", {"name", "runtime.powerState", "runtime.host", "parent"}},
      {"HostSystem", {"name", "parent"}},
      {"ComputeResource", {"name"}},
      {"Folder", {"name", "parent"}},
      {"Datacenter", {"name", "parent"}}};
  const auto objects = co_await retrieve_view_properties(soap, service, wanted, page_size);
  co_return vm_records(objects);
}

}  // namespace mks::vsphere
