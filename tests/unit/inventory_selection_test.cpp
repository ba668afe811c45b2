// Which VMs a sweep takes (InventorySelection), and VmRecords from PropertyCollector objects.
#include "agent/vsphere/inventory_selection.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "agent/vsphere/vm_inventory.h"

namespace mks::vsphere {
namespace {

VmRecord vm(std::string name, std::string folder, std::string cluster = "C0",
            std::string host = "H0", std::string power = "poweredOn") {
  return {"vm-1",          std::move(name),    std::move(power),
          std::move(host), std::move(cluster), std::move(folder)};
}

std::string error_of(const InventorySelection& selection, const std::vector<VmRecord>& vms) {
  try {
    check_selection(selection, vms);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(InventorySelection, Empty_MatchesEveryPoweredOnVm) {
  const InventorySelection all;
  EXPECT_TRUE(all.matches(vm("web01", "/DC0/vm")));
  EXPECT_FALSE(all.matches(vm("web01", "/DC0/vm", "C0", "H0", "poweredOff")));
  EXPECT_FALSE(all.matches(vm("web01", "/DC0/vm", "C0", "H0", "suspended")));
}

TEST(InventorySelection, IncludePoweredOff_TakesEveryPowerState) {
  InventorySelection all;
  all.include_powered_off = true;
  EXPECT_TRUE(all.matches(vm("web01", "/DC0/vm", "C0", "H0", "poweredOff")));
  EXPECT_TRUE(all.matches(vm("web01", "/DC0/vm", "C0", "H0", "suspended")));
}

TEST(InventorySelection, Folder_PrefixOnWholeComponents) {
  InventorySelection selection;
  selection.folders = {"/DC0/vm/Linux"};
  EXPECT_TRUE(selection.matches(vm("a", "/DC0/vm/Linux")));
  EXPECT_TRUE(selection.matches(vm("a", "/DC0/vm/Linux/Web")));
  EXPECT_FALSE(selection.matches(vm("a", "/DC0/vm/Linux2")));
  EXPECT_FALSE(selection.matches(vm("a", "/DC0/vm")));
}

TEST(InventorySelection, Folder_WithoutLeadingOrWithTrailingSlashIsTheSamePath) {
  EXPECT_TRUE(folder_within("/DC0/vm/Linux", "DC0/vm"));
  EXPECT_TRUE(folder_within("/DC0/vm/Linux", "/DC0/vm/"));
  EXPECT_TRUE(folder_within("/DC0/vm/Linux", "/"));
  EXPECT_FALSE(folder_within("/DC0/vmx", "/DC0/vm/"));
}

TEST(InventorySelection, ClusterAndHost_ByWholeName) {
  InventorySelection selection;
  selection.clusters = {"C1", "C2"};
  EXPECT_TRUE(selection.matches(vm("a", "/DC0/vm", "C2")));
  EXPECT_FALSE(selection.matches(vm("a", "/DC0/vm", "C10")));
  EXPECT_FALSE(selection.matches(vm("a", "/DC0/vm", "")));  // standalone host
  InventorySelection by_host;
  by_host.hosts = {"esx-1"};
  EXPECT_TRUE(by_host.matches(vm("a", "/DC0/vm", "", "esx-1")));
  EXPECT_FALSE(by_host.matches(vm("a", "/DC0/vm", "", "esx-10")));
}

TEST(InventorySelection, VmGlobs_AnyOfThemOnTheName) {
  InventorySelection selection;
  selection.vm_globs = {"web-*", "db[0-9]"};
  EXPECT_TRUE(selection.matches(vm("web-01", "/DC0/vm")));
  EXPECT_TRUE(selection.matches(vm("db7", "/DC0/vm")));
  EXPECT_FALSE(selection.matches(vm("db10", "/DC0/vm")));
  EXPECT_FALSE(selection.matches(vm("app-web-01", "/DC0/vm")));
}

TEST(InventorySelection, EveryGivenListMustMatch) {
  InventorySelection selection;
  selection.folders = {"/DC0/vm"};
  selection.clusters = {"C1"};
  selection.vm_globs = {"web*"};
  EXPECT_TRUE(selection.matches(vm("web1", "/DC0/vm/x", "C1")));
  EXPECT_FALSE(selection.matches(vm("web1", "/DC0/vm/x", "C2")));
  EXPECT_FALSE(selection.matches(vm("db1", "/DC0/vm/x", "C1")));
  EXPECT_FALSE(selection.matches(vm("web1", "/DC1/vm", "C1")));
}

TEST(CheckSelection, UnknownNamesAreOneLineEach) {
  const std::vector<VmRecord> vms = {vm("a", "/DC0/vm/Linux", "C1", "esx-1"),
                                     vm("b", "/DC0/vm", "", "esx-2", "poweredOff")};
  InventorySelection selection;
  selection.folders = {"/DC0/vm/Linux", "/DC0/vm/Nope"};
  EXPECT_EQ(error_of(selection, vms), "vCenter has no folder /DC0/vm/Nope");
  selection.folders = {"/DC0/vm"};
  selection.clusters = {"C9"};
  EXPECT_EQ(error_of(selection, vms), "vCenter has no cluster C9");
  selection.clusters = {"C1"};
  selection.hosts = {"esx-3"};
  EXPECT_EQ(error_of(selection, vms), "vCenter has no host esx-3");
  selection.hosts = {"esx-2"};  // only a powered-off VM there: the host exists
  selection.vm_globs = {"nothing*"};
  EXPECT_EQ(error_of(selection, vms), "");
}

ObjectProperties object(std::string type, std::string moref,
                        std::map<std::string, std::string> values) {
  return {{std::move(type), std::move(moref)}, std::move(values)};
}

TEST(VmRecords, FolderPathHostAndClusterFromParents) {
  const std::vector<ObjectProperties> objects = {
      object("VirtualMachine", "vm-2",
             {{"name", "web"},
              {"runtime.powerState", "poweredOn"},
              {"runtime.host", "host-1"},
              {"parent", "group-v9"}}),
      object("VirtualMachine", "vm-1",
             {{"name", "db"}, {"runtime.powerState", "poweredOff"}, {"parent", "group-v3"}}),
      object("Folder", "group-v9", {{"name", "Linux"}, {"parent", "group-v3"}}),
      object("Folder", "group-v3", {{"name", "vm"}, {"parent", "datacenter-2"}}),
      object("Datacenter", "datacenter-2", {{"name", "DC0"}, {"parent", "group-d1"}}),
      object("HostSystem", "host-1", {{"name", "esx-1"}, {"parent", "domain-c5"}}),
      object("ClusterComputeResource", "domain-c5", {{"name", "C0"}})};
  const auto vms = vm_records(objects);
  ASSERT_EQ(vms.size(), 2u);
  EXPECT_EQ(vms[0].name, "db");  // sorted by name
  EXPECT_EQ(vms[0].folder, "/DC0/vm");
  EXPECT_EQ(vms[0].host, "");
  EXPECT_EQ(vms[0].power_state, "poweredOff");
  EXPECT_EQ(vms[1].moref, "vm-2");
  EXPECT_EQ(vms[1].folder, "/DC0/vm/Linux");
  EXPECT_EQ(vms[1].host, "esx-1");
  EXPECT_EQ(vms[1].cluster, "C0");
}

TEST(VmRecords, StandaloneHostHasNoCluster) {
  const std::vector<ObjectProperties> objects = {
      object("VirtualMachine", "vm-1",
             {{"name", "a"}, {"runtime.host", "host-1"}, {"parent", "group-v3"}}),
      object("HostSystem", "host-1", {{"name", "esx-1"}, {"parent", "domain-s4"}}),
      object("ComputeResource", "domain-s4", {{"name", "esx-1"}})};
  const auto vms = vm_records(objects);
  ASSERT_EQ(vms.size(), 1u);
  EXPECT_EQ(vms[0].host, "esx-1");
  EXPECT_EQ(vms[0].cluster, "");
  EXPECT_EQ(vms[0].folder, "");  // its folder is not in the list
}

}  // namespace
}  // namespace mks::vsphere
