#pragma once

#include <string>
#include <vector>

namespace mks::vsphere {

// One VM of a vCenter inventory, as a sweep needs it.
struct VmRecord {
  std::string moref;        // "vm-57"
  std::string name;         // "DC0_H0_VM0"
  std::string power_state;  // "poweredOn" | "poweredOff" | "suspended"
  std::string host;         // ESXi host name ("" if unknown)
  std::string cluster;      // cluster name ("" for a standalone host)
  std::string folder;       // inventory path of its folder, e.g. "/DC0/vm/Linux"
};

// Which VMs of the inventory to take. Each non-empty list must match (any of its entries);
// empty lists match everything.
struct InventorySelection {
  std::vector<std::string> folders;   // inventory paths (prefix match on whole components)
  std::vector<std::string> clusters;  // names
  std::vector<std::string> hosts;     // names
  std::vector<std::string> vm_globs;  // fnmatch on the VM name
  bool include_powered_off = false;

  bool matches(const VmRecord& vm) const;
};

// Whether `folder` is `path` or below it: "/DC0/vm" holds "/DC0/vm/Linux", not "/DC0/vm2".
// A path given without its leading '/' or with a trailing one means the same path.
bool folder_within(const std::string& folder, const std::string& path);

// Throws std::invalid_argument "vCenter has no folder /DC0/vm/Nope" (or cluster, host) for
// the first name in `selection` that no VM of `inventory` has: a typo must not quietly
// select nothing.
void check_selection(const InventorySelection& selection, const std::vector<VmRecord>& inventory);

}  // namespace mks::vsphere
