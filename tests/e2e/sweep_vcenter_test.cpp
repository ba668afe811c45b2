// mksagent sweep --vcenter end to end: govmomi's vCenter simulator with a sized inventory
// (tests/peers/vcsim) hands out tickets for its VMs (MOREF.HEX), a webmks-sim --fleet
// serves each VM's console in the state it drew for that VM.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class SweepVcenter : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = VcsimProcess::missing(); !why.empty()) {
      if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << why;
      GTEST_SKIP() << why;
    }
    setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
    sim_.emplace(std::vector<std::string>{
        "--fleet", "--accept-foreign-tickets", "--fleet-seed", "12", "--fleet-mix",
        "emergency-mode=0.15,fsck-manual=0.1,kernel-panic=0.1,grub-rescue=0.1,no-boot-device=0.1,"
        "blank=0.05,grub-menu=0.05"});
    VcsimOptions options;
    // About 50 powered-on VMs in two datacenters, clusters and a standalone host, and a few
    // powered off.
    options.inventory = {"-dc",     "2", "-cluster", "2", "-standalone-host", "1",
                         "-folder", "1", "-vm",      "9", "-powered-off",     "4"};
    options.moref_tokens = true;
    vcsim_.emplace(
        TicketTarget{"127.0.0.1", sim_->ready().at("port").get<int>(), sim_->thumbprint_sha1()},
        options);
  }
  void TearDown() override { unsetenv("MKS_VCENTER_PASSWORD"); }

  std::vector<std::string> sweep(const fs::path& out) const {
    return {"sweep",      "--vcenter", vcsim_->base_url(), "--user",    VcsimProcess::kUser,
            "--insecure", "--out",     out.string(),       "--timeout", "30"};
  }
  std::string drawn_state(const std::string& moref) const {
    return json::parse(sim_->api_get("fleet/state?key=" + moref)).at("state");
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
};

TEST_F(SweepVcenter, EveryPoweredOnVmIsFoundInTheStateItsConsoleWasBuiltIn) {
  const fs::path out = scratch_dir() / "out";
  const auto run = mksagent(sweep(out), std::chrono::seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::map<std::string, json> swept;
  std::ifstream in(out / "sweep.jsonl");
  for (std::string line; std::getline(in, line);) {
    const json result = json::parse(line);
    swept[result.at("moref")] = result;
  }
  int powered_on = 0;
  std::map<std::string, int> states;
  for (const auto& vm : vcsim_->inventory()) {
    if (vm.power_state != "poweredOn") {
      EXPECT_FALSE(swept.contains(vm.moref)) << vm.name << " is " << vm.power_state;
      continue;
    }
    ++powered_on;
    ASSERT_TRUE(swept.contains(vm.moref)) << vm.name;
    const json& result = swept.at(vm.moref);
    EXPECT_EQ(result.at("name"), vm.name);
    EXPECT_EQ(result.at("host"), vm.host);
    EXPECT_EQ(result.value("state", "error: " + result.value("error", "")), drawn_state(vm.moref))
        << vm.name;
    ++states[result.value("state", "")];
  }
  EXPECT_GE(powered_on, 40);
  EXPECT_EQ(swept.size(), static_cast<std::size_t>(powered_on));
  EXPECT_GE(states.size(), 5u) << "the mix should show several states";
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

TEST_F(SweepVcenter, AFixRunGetsItsOwnTicketAndLeavesTheVmAtItsLoginPrompt) {
  std::string vm_name;
  for (const auto& vm : vcsim_->inventory()) {
    if (vm.power_state == "poweredOn" && drawn_state(vm.moref) == "emergency-mode") {
      vm_name = vm.name;
      break;
    }
  }
  ASSERT_FALSE(vm_name.empty()) << "no emergency-mode VM in the drawn fleet";
  const fs::path out = scratch_dir() / "out";
  auto args = sweep(out);
  args.insert(args.end(),
              {"--vm", vm_name, "--fix",
               "emergency-mode=" + (fs::path(MKS_SOURCE_DIR) / "scenarios/fix-fsck.lua").string()});
  const auto run = mksagent(args, std::chrono::seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::ifstream in(out / "sweep.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const json result = json::parse(line);
  EXPECT_EQ(result.at("name"), vm_name);
  EXPECT_EQ(result.at("state"), "emergency-mode");
  EXPECT_EQ(result.at("fix").at("after_state"), "login-prompt") << result.dump();
  EXPECT_FALSE(std::getline(in, line)) << "only the one VM --vm selected";
}

TEST_F(SweepVcenter, AnUnknownFolderAnEmptySelectionOrAWrongPasswordIsOneLine) {
  auto args = sweep(scratch_dir() / "a");
  args.insert(args.end(), {"--folder", "/DC0/vm/NoSuchFolder"});
  const auto unknown = mksagent(args);
  EXPECT_EQ(unknown.exit_code, 2) << unknown.err;
  EXPECT_EQ(lines_of(unknown.err).size(), 1u) << unknown.err;
  EXPECT_NE(unknown.err.find("NoSuchFolder"), std::string::npos) << unknown.err;

  auto none = sweep(scratch_dir() / "c");
  none.insert(none.end(), {"--vm", "no-such-vm-*"});
  const auto nothing = mksagent(none);
  EXPECT_EQ(nothing.exit_code, 2) << nothing.err;
  EXPECT_EQ(lines_of(nothing.err).size(), 1u) << nothing.err;
  EXPECT_NE(nothing.err.find("matches the selection"), std::string::npos) << nothing.err;

  setenv("MKS_VCENTER_PASSWORD", "wrong", 1);
  const auto denied = mksagent(sweep(scratch_dir() / "b"));
  EXPECT_EQ(denied.exit_code, 1) << denied.err;
  EXPECT_EQ(lines_of(denied.err).size(), 1u) << denied.err;
}

}  // namespace
}  // namespace mks::test
