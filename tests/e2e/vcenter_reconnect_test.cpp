// Simulated vMotions: the console's host goes away in the middle of a runbook or a recording,
// vCenter's next ticket points at another host, and the session reconnects and goes on. Also
// the limits: no host to come back to, and a ticket URL that cannot be used twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "tests/support/child_process.h"
#include "tests/support/media_checks.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

bool screen_shows(const SimProcess& sim, const std::string& text) {
  return sim.api_get("text").find(text) != std::string::npos;
}

TicketTarget target_of(const SimProcess& sim) {
  return {"127.0.0.1", sim.ready().at("port").get<int>(), sim.thumbprint_sha1()};
}

// A number of milliseconds printed after `before` in `text` ("first frame 412 ms after"); -1
// when absent.
long long ms_after(const std::string& text, const std::string& before) {
  const auto at = text.find(before);
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + before.size()));
}

// Lines of an event log whose type is "reconnect", their "what" joined by newlines.
std::string reconnect_events(const fs::path& file) {
  std::string out;
  for (const auto& event : json_lines(file)) {
    if (event.value("type", "") == "reconnect") out += event.value("what", "") + "\n";
  }
  return out;
}

class VcenterReconnect : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = VcsimProcess::missing(); !why.empty()) {
      if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << why;
      GTEST_SKIP() << why;
    }
    host_a_.emplace(std::vector<std::string>{"--accept-foreign-tickets"});
    vcsim_.emplace(target_of(*host_a_));
  }

  std::string vcenter_target() const {
    return "vcenter://operator%40vsphere.local@" + vcsim_->host_port() + "/DC0_H0_VM0";
  }

  // mksagent with the vCenter password in its environment only.
  static std::unique_ptr<ChildProcess> agent(const std::vector<std::string>& args) {
    setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
    auto child = std::make_unique<ChildProcess>(bin_path("mksagent"), args);
    unsetenv("MKS_VCENTER_PASSWORD");
    return child;
  }

  // Waits until host A shows `text` (the agent is at work there); false after 30 s.
  bool host_a_shows(const std::string& text) {
    const auto give_up = Clock::now() + 30s;
    while (!screen_shows(*host_a_, text)) {
      if (Clock::now() > give_up) return false;
      std::this_thread::sleep_for(50ms);
    }
    return true;
  }

  // The vMotion: vCenter places the VM on `next` (or on a host that is gone), then host A
  // goes away with the console connection.
  void move_vm_to(const TicketTarget& next) {
    vcsim_->retarget(next);
    host_a_.reset();
  }

  std::optional<SimProcess> host_a_;
  std::optional<VcsimProcess> vcsim_;
};

// The wait in progress at the drop (for a login prompt only host B, a booting PC, shows) goes
// on across the reconnect.
TEST_F(VcenterReconnect, HostGoesAway_TheWaitGoesOnAndTheRunbookFinishesOnTheNextHost) {
  SimProcess host_b({"--accept-foreign-tickets", "--machine", "pc", "--fault", "none"});
  const auto dir = scratch_dir();
  // "two" on host A proves the runbook is past wait_text('one') (host A showing "one" does
  // not: the agent may not have had that update yet when host A goes away).
  std::ofstream(dir / "move.lua") << "wait_text('sim$')\ntype('one\\n')\nwait_text('one')\n"
                                     "type('two\\n')\n"
                                     "wait_text('sim login:', 60)\ntype('root\\n')\n"
                                     "wait_text('Password:')\n";
  auto run = agent({"run", (dir / "move.lua").string(), "--insecure", "--out",
                    (dir / "out").string(), "--target", vcenter_target()});
  ASSERT_TRUE(host_a_shows("two")) << "the runbook never typed on host A: " << run->stderr_text();
  move_vm_to(target_of(host_b));

  ASSERT_EQ(run->wait(90s), 0) << run->stderr_text();
  EXPECT_TRUE(screen_shows(host_b, "Password:"));
  const std::string progress = run->stderr_text();
  EXPECT_THAT(progress, HasSubstr("console connection lost"));
  EXPECT_THAT(progress, HasSubstr("reconnected after"));
  const std::string events = reconnect_events(dir / "out" / "events.jsonl");
  EXPECT_THAT(events, HasSubstr("console connection lost"));
  EXPECT_THAT(events, HasSubstr("first frame"));
  std::cout << "[figure] drop to first frame after reconnect (runbook): "
            << ms_after(progress, "first frame ") << " ms\n";
}

TEST_F(VcenterReconnect, HostGoesAway_RecordingGoesOnInTheSameVideo) {
  SimProcess host_b({"--accept-foreign-tickets"});
  const auto dir = scratch_dir();
  const fs::path video = dir / "console.mp4";
  auto record =
      agent({"record", vcenter_target(), "--insecure", "-o", video.string(), "--duration", "6"});
  ASSERT_TRUE(host_a_shows("sim$"));
  std::this_thread::sleep_for(2s);  // two seconds of host A in the video
  move_vm_to(target_of(host_b));

  ASSERT_EQ(record->wait(60s), 0) << record->stderr_text();
  // One video across the gap: the whole six seconds, every frame decodable.
  EXPECT_NEAR(video_seconds(video), 6.0, 0.75);
  EXPECT_EQ(decode_errors(video), "");
  const std::string events = reconnect_events(dir / "console.events.jsonl");
  EXPECT_THAT(events, HasSubstr("console connection lost"));
  EXPECT_THAT(events, HasSubstr("reconnected after"));
  EXPECT_THAT(events, HasSubstr("first frame"));
  std::cout << "[figure] drop to first frame after reconnect (recording): "
            << ms_after(record->stderr_text(), "first frame ") << " ms\n";
}

TEST_F(VcenterReconnect, NoHostToComeBackTo_OneClearErrorAfterTheRetries) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "wait.lua")
      << "wait_text('sim$')\ntype('one\\n')\nwait_text('never shown', 50)\n";
  auto run = agent({"run", (dir / "wait.lua").string(), "--insecure", "--out",
                    (dir / "out").string(), "--target", vcenter_target()});
  ASSERT_TRUE(host_a_shows("one")) << run->stderr_text();
  const TicketTarget gone = target_of(*host_a_);  // nothing listens there once A is gone
  const auto dropped = Clock::now();
  move_vm_to(gone);

  const auto status = run->wait(60s);
  ASSERT_TRUE(status.has_value()) << "still retrying after 60 s: " << run->stderr_text();
  EXPECT_NE(*status, 0);
  EXPECT_LT(Clock::now() - dropped, 40s) << "the retries are not bounded";
  EXPECT_THAT(run->stderr_text(), HasSubstr("reconnects failed"));
}

TEST_F(VcenterReconnect, TicketUrl_SaysItCannotReconnect) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "wait.lua")
      << "wait_text('sim$')\ntype('one\\n')\nwait_text('never shown', 50)\n";
  auto run = agent({"run", (dir / "wait.lua").string(), "--insecure", "--out",
                    (dir / "out").string(), "--target", host_a_->ticket_url()});
  ASSERT_TRUE(host_a_shows("one")) << run->stderr_text();
  host_a_.reset();

  const auto status = run->wait(30s);
  ASSERT_TRUE(status.has_value()) << run->stderr_text();
  EXPECT_NE(*status, 0);
  EXPECT_THAT(run->stderr_text(), HasSubstr("ticket URL is single use"));
  EXPECT_THAT(run->stderr_text(), Not(HasSubstr("reconnecting")));
}

}  // namespace
}  // namespace mks::test
