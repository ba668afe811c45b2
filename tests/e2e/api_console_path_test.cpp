// mksagent over the vSphere API console path, end to end with real processes: mksagent ->
// vcsim (login, PutUsbScanCodes, /screen or CreateScreenshot_Task, /folder, delete) ->
// the webmks-sim console behind it. And --via auto choosing between WebMKS and the API.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "codecs/png.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTyper = "typer@vsphere.local";
constexpr const char* kTyperPassword = "typer-pass";

class ApiConsolePath : public ::testing::Test {
 protected:
  void SetUp() override { setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1); }
  void TearDown() override { unsetenv("MKS_VCENTER_PASSWORD"); }

  // webmks-sim (`flags`) behind vcsim's VMs; tickets point at `ticket` (the sim by default).
  void start(std::vector<std::string> flags, VcsimOptions options = {},
             std::optional<TicketTarget> ticket = std::nullopt) {
    flags.push_back("--accept-foreign-tickets");
    sim_.emplace(flags);
    options.console_url = sim_->api_base();
    options.inventory = {"-powered-off", "1"};
    options.logins.push_back(std::string(kTyper) + ":" + kTyperPassword);
    options.denies.push_back(std::string(kTyper) + "=VirtualMachine.Interact.PutUsbScanCodes");
    const TicketTarget to = ticket.value_or(
        TicketTarget{"127.0.0.1", sim_->ready().at("port").get<int>(), sim_->thumbprint_sha1()});
    vcsim_.emplace(to, options);
  }
  std::string vm_in(const std::string& state) const {
    for (const auto& vm : vcsim_->inventory()) {
      if (vm.power_state == state) return vm.moref;
    }
    throw std::runtime_error("no VM " + state);
  }
  std::string target(const std::string& via,
                     const std::string& user = "operator%40vsphere.local") const {
    return "vcenter://" + user + "@" + vcsim_->host_port() + "/" + vm_in("poweredOn") +
           (via.empty() ? "" : "?via=" + via);
  }
  std::string prompt_line() const {
    const auto text = nlohmann::json::parse(sim_->api_get("text"));
    return text["lines"][text["cursor"]["row"].get<int>()].get<std::string>();
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
};

TEST_F(ApiConsolePath, Screenshot_ByScreenEndpoint_IsTheConsolesScreen) {
  SKIP_WITHOUT_VCSIM();
  start({});
  const auto shot = scratch_dir() / "shot.png";
  auto run = mksagent({"screenshot", target("api"), "-o", shot.string(), "--insecure", "-v"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("console path: vSphere API (asked for)"), std::string::npos) << run.err;
  EXPECT_EQ(codecs::read_png_file(shot), sim_->screen());
}

class ApiScreenshotTask : public ApiConsolePath, public ::testing::WithParamInterface<bool> {};

// Without /screen (404, as where vCenter lacks it): CreateScreenshot_Task, the file from
// /folder, whichever path form the task gives.
TEST_P(ApiScreenshotTask, Screenshot_WithoutScreenEndpoint_ComesFromTheDatastore) {
  SKIP_WITHOUT_VCSIM();
  VcsimOptions options;
  options.no_screen = true;
  options.vmfs_screenshot_paths = GetParam();
  start({}, options);
  const auto shot = scratch_dir() / "shot.png";
  auto run = mksagent({"screenshot", target("api"), "-o", shot.string(), "--insecure"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(codecs::read_png_file(shot), sim_->screen());
}

INSTANTIATE_TEST_SUITE_P(PathForms, ApiScreenshotTask, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "VmfsVolumes" : "Bracketed"; });

struct LayoutCase {
  const char* layout;
  const char* text;
};

class ApiTyping : public ApiConsolePath, public ::testing::WithParamInterface<LayoutCase> {};

// Each character goes out as a USB usage of its key on the guest's layout, shifted or with
// AltGr as the layout needs, and arrives as itself.
TEST_P(ApiTyping, Type_EveryCharacterArrivesThroughTheGuestsLayout) {
  SKIP_WITHOUT_VCSIM();
  start({"--layout", GetParam().layout});
  auto run = mksagent({"type", target("api"), GetParam().text, "--layout", GetParam().layout,
                       "--insecure", "--key-interval", "0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(prompt_line(), std::string("sim$ ") + GetParam().text);
}

INSTANTIATE_TEST_SUITE_P(Layouts, ApiTyping,
                         ::testing::Values(LayoutCase{"us", "Hi @1? ~{|}"},
                                           LayoutCase{"de", "zY@\u00e4\u00d6\u00df#<>|{}~\u20ac"},
                                           LayoutCase{"jp", "\u00a5_@:[]^~\\|"}),
                         [](const auto& info) { return std::string(info.param.layout); });

class ApiFallback : public ApiConsolePath, public ::testing::WithParamInterface<TicketTarget> {};

// The ticket names a host this machine cannot reach: a closed port, a name that does not
// resolve (.invalid never does, RFC 6761).
TEST_P(ApiFallback, Auto_HostUnreachable_FallsBackToTheApiAndSaysWhy) {
  SKIP_WITHOUT_VCSIM();
  start({}, {}, GetParam());
  const auto shot = scratch_dir() / "shot.png";
  auto run = mksagent({"screenshot", target("auto"), "-o", shot.string(), "--insecure", "-v"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("console path: vSphere API, because WebMKS failed:"), std::string::npos)
      << run.err;
  EXPECT_EQ(codecs::read_png_file(shot), sim_->screen());
}

INSTANTIATE_TEST_SUITE_P(BlockedHosts, ApiFallback,
                         ::testing::Values(TicketTarget{"127.0.0.1", 1, ""},
                                           TicketTarget{"esx-nowhere.invalid", 443, ""}),
                         [](const auto& info) {
                           return info.index == 0 ? "PortClosed" : "NoSuchName";
                         });

TEST_F(ApiConsolePath, Auto_HostAnswers_TakesWebmks) {
  SKIP_WITHOUT_VCSIM();
  start({});
  const auto shot = scratch_dir() / "shot.png";
  auto run = mksagent(
      {"screenshot", target(""), "--via", "auto", "-o", shot.string(), "--insecure", "-v"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("console path: WebMKS (the ESXi host answered)"), std::string::npos)
      << run.err;
}

TEST_F(ApiConsolePath, MissingPrivilege_TypeFailsWithOneLineNamingIt) {
  SKIP_WITHOUT_VCSIM();
  start({});
  setenv("MKS_VCENTER_PASSWORD", kTyperPassword, 1);
  auto run = mksagent({"type", target("api", "typer%40vsphere.local"), "x", "--insecure"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("NoPermission"), std::string::npos) << run.err;
  EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
}

TEST_F(ApiConsolePath, Mouse_IsRefusedWithTheWayOut) {
  SKIP_WITHOUT_VCSIM();
  start({});
  const auto dir = scratch_dir();
  std::ofstream(dir / "click.lua") << "mouse_click(\"left\", 10, 10)\n";
  auto run = mksagent({"run", (dir / "click.lua").string(), "--target", target("api"), "--insecure",
                       "--out", (dir / "out").string(), "-q"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("has no mouse"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--via webmks"), std::string::npos) << run.err;
}

// The shipped demo over the API alone: firmware, boot menu stopped and edited, login, the
// fix checked. Ctrl+Alt+Delete first: the simulated PC booted when its process started.
TEST_F(ApiConsolePath, DemoRunbook_RecoversThePcThroughTheApiAlone) {
  SKIP_WITHOUT_VCSIM();
  start({"--machine", "pc"});
  const auto dir = scratch_dir();
  std::ifstream demo(fs::path(MKS_SOURCE_DIR) / "scenarios/demo.lua");
  std::ofstream runbook(dir / "demo-api.lua");
  runbook << "key(\"ctrl+alt+delete\")\n" << demo.rdbuf();
  runbook.close();
  fs::copy_file(fs::path(MKS_SOURCE_DIR) / "scenarios/grub-menu.png", dir / "grub-menu.png");
  auto run = mksagent({"run", (dir / "demo-api.lua").string(), "--target", target("api"),
                       "--insecure", "--out", (dir / "out").string(), "--key-interval", "20",
                       "--poll-interval", "100", "--record", "session.mp4"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("console path: vSphere API (asked for)"), std::string::npos) << run.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "04-recovered.png"));
  EXPECT_GT(fs::file_size(dir / "out" / "session.mp4"), 0u);
  std::ifstream events(dir / "out" / "events.jsonl");
  const std::string log((std::istreambuf_iterator<char>(events)), {});
  EXPECT_NE(log.find("is a time-lapse"), std::string::npos);
  EXPECT_NE(log.find("console path: vSphere API"), std::string::npos);
  EXPECT_NE(sim_->api_get("text").find("State: running"), std::string::npos);
}

TEST_F(ApiConsolePath, ViaApiWithAConsoleUrl_IsBadUsage) {
  auto run = mksagent({"screenshot", "vnc://127.0.0.1:5900", "--via", "api", "-o", "x.png"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("needs a vcenter:// target"), std::string::npos) << run.err;
  auto fast = mksagent({"screenshot", "vcenter://u@vc/vm", "--poll-interval", "5", "-o", "x.png"});
  EXPECT_EQ(fast.exit_code, 2) << fast.err;
  EXPECT_NE(fast.err.find("--poll-interval"), std::string::npos) << fast.err;
}

}  // namespace
}  // namespace mks::test
