// The console through an ESXi-like authentication daemon (TCP 902, `mks` tickets), end to
// end with real processes: mksagent -> vcsim (AcquireTicket("mks")) -> webmks-sim
// --authd-port (greeting, two TLS sessions, the nonce) -> the console from ServerInit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "codecs/png.h"
#include "tests/support/child_process.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using ::testing::HasSubstr;

TicketTarget target_of(const SimProcess& sim) {
  TicketTarget target{"127.0.0.1", sim.ready().at("port").get<int>(), sim.thumbprint_sha1()};
  target.mks_port = sim.ready().at("authd_port").get<int>();
  target.mks_thumbprint = sim.ready().at("authd_thumbprint_sha1");
  return target;
}

std::vector<std::string> authd_flags(std::vector<std::string> more = {}) {
  std::vector<std::string> flags = {"--accept-foreign-tickets", "--authd-port", "0"};
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

class AuthdConsole : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_VCSIM();
    setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
  }
  void TearDown() override { unsetenv("MKS_VCENTER_PASSWORD"); }

  void start(std::vector<std::string> more_flags = {}) {
    sim_.emplace(authd_flags(std::move(more_flags)));
    vcsim_.emplace(target_of(*sim_));
  }

  std::string target(const std::string& via = "mks") const {
    return "vcenter://operator%40vsphere.local@" + vcsim_->host_port() + "/DC0_H0_VM0?via=" + via;
  }

  // screenshot over ?via=mks (vCenter's certificate not checked: vcsim's is made at its start)
  RunResult screenshot(const fs::path& png, std::vector<std::string> more = {}) const {
    std::vector<std::string> args = {"screenshot", target(), "--insecure", "-o", png.string()};
    args.insert(args.end(), more.begin(), more.end());
    return mksagent(args);
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
};

TEST_F(AuthdConsole, TicketCommand_MksTicketPointsAtTheDaemon) {
  start();
  auto run = mksagent({"ticket", "--vcenter", vcsim_->base_url(), "--user", VcsimProcess::kUser,
                       "--vm", "DC0_H0_VM0", "--insecure", "--type", "mks", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json ticket = json::parse(run.out);
  EXPECT_FALSE(ticket.at("ticket").get<std::string>().empty());
  EXPECT_THAT(ticket.at("cfgFile").get<std::string>(), HasSubstr(".vmx"));
  EXPECT_EQ(ticket.at("host"), "127.0.0.1");
  EXPECT_EQ(ticket.at("port"), sim_->ready().at("authd_port"));
  EXPECT_EQ(ticket.at("thumbprint"), sim_->ready().at("authd_thumbprint_sha1"));
  auto rest = mksagent({"ticket", "--vcenter", vcsim_->base_url(), "--user", VcsimProcess::kUser,
                        "--vm", "DC0_H0_VM0", "--type", "mks", "--api", "rest"});
  EXPECT_EQ(rest.exit_code, 2);
  EXPECT_THAT(rest.err, HasSubstr("no mks tickets"));
}

// Also the figure: vcenter:// to a first-frame screenshot over 902 beside WebMKS, same host.
TEST_F(AuthdConsole, Screenshot_ViaMks_EqualsTheConsole) {
  start();
  const auto dir = scratch_dir();
  const auto timed = [&](const std::string& via, const fs::path& png) {
    const auto started = std::chrono::steady_clock::now();
    auto run = mksagent({"screenshot", target(via), "--insecure", "-o", png.string(), "-v"});
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    EXPECT_EQ(run.exit_code, 0) << via << ": " << run.err;
    return std::make_pair(run, ms);
  };
  const auto [webmks, webmks_ms] = timed("webmks", dir / "webmks.png");
  const auto [mks, mks_ms] = timed("mks", dir / "mks.png");
  ASSERT_EQ(mks.exit_code, 0) << mks.err;
  EXPECT_TRUE(codecs::read_png_file(dir / "mks.png").same_pixels(sim_->screen()));
  EXPECT_THAT(mks.err, HasSubstr("authd://127.0.0.1:"));
  std::cout << "[figure] vcenter:// to a first-frame screenshot, same simulated host: WebMKS "
            << webmks_ms << " ms, mks (902) " << mks_ms << " ms\n";
  bool through_authd = false;
  for (const auto& event : sim_->drain_events()) {
    through_authd |= event.value("event", "") == "authd-connected";
  }
  EXPECT_TRUE(through_authd);
}

// The shipped demo: firmware, boot menu stopped and edited, login, the fix checked.
// Ctrl+Alt+Delete first: the simulated PC booted when its process started.
TEST_F(AuthdConsole, DemoRunbook_RecoversThePcThroughTheDaemon) {
  start({"--machine", "pc"});
  const auto dir = scratch_dir();
  std::ifstream demo(fs::path(MKS_SOURCE_DIR) / "scenarios/demo.lua");
  std::ofstream runbook(dir / "demo-mks.lua");
  runbook << "key(\"ctrl+alt+delete\")\n" << demo.rdbuf();
  runbook.close();
  fs::copy_file(fs::path(MKS_SOURCE_DIR) / "scenarios/grub-menu.png", dir / "grub-menu.png");
  auto run = mksagent({"run", (dir / "demo-mks.lua").string(), "--target", target(), "--insecure",
                       "--out", (dir / "out").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "04-recovered.png"));
  EXPECT_NE(sim_->api_get("text").find("State: running"), std::string::npos);
}

TEST_F(AuthdConsole, DaemonFailures_AreOneLineEach) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"refuse-login", "(530)"},
      {"no-such-vm", "553 on CONNECT"},
      {"busy", "552 on CONNECT"},
      {"wrong-thumbprint", "does not match the pinned"},
      {"not-authd", "not an ESXi authentication daemon"},
      {"no-tls", "only over TLS"},
  };
  for (const auto& [fault, expected] : cases) {
    start({"--authd-fault", fault});
    const auto dir = scratch_dir();
    auto run = screenshot(dir / "shot.png");
    EXPECT_EQ(run.exit_code, 1) << fault << ": " << run.err;
    EXPECT_THAT(run.err, HasSubstr(expected)) << fault;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << fault << ": " << run.err;
    EXPECT_FALSE(fs::exists(dir / "shot.png")) << fault;
  }
}

// A ticket that expired between vCenter and the host (530) is replaced once by a fresh one.
// With -v the whole dialogue is logged: no ticket (32 hex digits from vcsim) in it.
TEST_F(AuthdConsole, ExpiredTicket_IsReplacedOnceByAFreshOne_AndNeverLogged) {
  start({"--authd-fault", "expire-first-ticket"});
  const auto dir = scratch_dir();
  auto run = screenshot(dir / "shot.png", {"-v"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(codecs::read_png_file(dir / "shot.png").same_pixels(sim_->screen()));
  int refused = 0;
  int connected = 0;
  for (const auto& event : sim_->drain_events()) {
    refused += event.value("event", "") == "authd-ticket-refused";
    connected += event.value("event", "") == "authd-connected";
  }
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(connected, 1);
  EXPECT_THAT(run.err, HasSubstr("authd://127.0.0.1:"));
  EXPECT_THAT(run.err, ::testing::Not(::testing::ContainsRegex("[0-9a-f]{32}"))) << run.err;
}

// Without --insecure (which would let any certificate through, as everywhere): vCenter
// pinned by the thumbprint mksagent shows for it, the daemon by the ticket's.
TEST_F(AuthdConsole, WrongThumbprintInTheTicket_IsRefusedBeforeTheTicketIsSent) {
  start();
  auto refused = mksagent({"ticket", "--vcenter", vcsim_->base_url(), "--user", "u", "--vm", "x"});
  const auto at = refused.err.find("pin it with --thumbprint ");
  ASSERT_NE(at, std::string::npos) << refused.err;
  const std::string vcenter_pin = refused.err.substr(at + 25, 95);
  SimProcess other(authd_flags());
  TicketTarget wrong = target_of(*sim_);
  wrong.mks_thumbprint = other.ready().at("authd_thumbprint_sha1");
  vcsim_->retarget(wrong);
  const auto dir = scratch_dir();
  auto run = mksagent(
      {"screenshot", target() + "&thumbprint=" + vcenter_pin, "-o", (dir / "shot.png").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_THAT(run.err, HasSubstr("does not match the pinned"));
  for (const auto& event : sim_->drain_events()) {
    EXPECT_NE(event.value("event", ""), "authd-ticket-refused") << event.dump();
  }
  // With the right pin the same path works.
  vcsim_->retarget(target_of(*sim_));
  auto good = mksagent(
      {"screenshot", target() + "&thumbprint=" + vcenter_pin, "-o", (dir / "shot.png").string()});
  EXPECT_EQ(good.exit_code, 0) << good.err;
}

TEST_F(AuthdConsole, Redirect_IsFollowedToTheNamedHost) {
  SimProcess next(authd_flags());
  start({"--authd-fault", "redirect", "--authd-redirect",
         "127.0.0.1:" + std::to_string(next.ready().at("authd_port").get<int>())});
  const auto dir = scratch_dir();
  // The next host's certificate is not in the ticket: --insecure accepts it.
  auto run = screenshot(dir / "shot.png");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(codecs::read_png_file(dir / "shot.png").same_pixels(next.screen()));
}

TEST_F(AuthdConsole, HostGoesAway_TheRunbookReconnectsWithAFreshMksTicket) {
  start();
  SimProcess host_b(authd_flags({"--machine", "pc", "--fault", "none"}));
  const auto dir = scratch_dir();
  std::ofstream(dir / "move.lua") << "wait_text('sim$')\ntype('one\\n')\nwait_text('one')\n"
                                     "type('two\\n')\n"
                                     "wait_text('sim login:', 60)\n";
  setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
  ChildProcess run(bin_path("mksagent"), {"run", (dir / "move.lua").string(), "--insecure", "--out",
                                          (dir / "out").string(), "--target", target()});
  const auto give_up = std::chrono::steady_clock::now() + 30s;
  while (sim_->api_get("text").find("two") == std::string::npos) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << run.stderr_text();
    std::this_thread::sleep_for(50ms);
  }
  vcsim_->retarget(target_of(host_b));
  sim_.reset();
  ASSERT_EQ(run.wait(90s), 0) << run.stderr_text();
  EXPECT_THAT(run.stderr_text(), HasSubstr("reconnected after"));
}

}  // namespace
}  // namespace mks::test
