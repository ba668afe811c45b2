// Faults on the wire between agent and console (mks-fault-proxy in front of webmks-sim): for
// each fault, `screenshot`, `run` and `record` either succeed (benign faults) or end within
// their timeouts with one clear line; runs keep every step in events.jsonl and a manifest
// that verifies, videos stay decodable. Each test prints a "[fault-table]" line (the table of
// docs/faults.md).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "codecs/png.h"
#include "tests/support/fault_proxy_process.h"
#include "tests/support/media_checks.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Commands run with --timeout 3 (run: --connect-timeout 3, waits of 5 and 3 s). Ending within
// 15 s bounds a hang (timeout plus a bounded close); it is not a speed target.
constexpr seconds kHangBound{15};
constexpr int kRunbookLines = 4;
constexpr const char* kRunbook =
    "wait_text('sim$', 5)\n"
    "screenshot('prompt')\n"
    "type('hello\\n')\n"
    "wait_text('hello', 3)\n";

// What a command should do under a fault: exit 0, or its exit code and words of its one line
// (alternatives separated by '|').
struct Outcome {
  int exit_code = 0;
  std::string words;
};

bool says_any(const std::string& line, const std::string& alternatives) {
  std::size_t from = 0;
  for (;;) {
    const auto bar = alternatives.find('|', from);
    if (line.find(alternatives.substr(from, bar - from)) != std::string::npos) return true;
    if (bar == std::string::npos) return false;
    from = bar + 1;
  }
}

struct FaultCase {
  std::string name;
  std::vector<std::string> proxy_flags;
  bool tls = false;  // wss:// (byte-level faults only); else ws://
  Outcome screenshot, run, record;
  bool video_kept = false;  // record fails after its first frame: the video so far stays
};

const Outcome kOk{};
const Outcome kNoFrame{1, "no full frame"};
// When the agent's write notices the reset before its read, the line says the connection "was
// closed" (the transport reports its own abort instead of the reset).
const Outcome kReset{1, "dropped the connection (Connection reset by peer)|was closed"};
const Outcome kTruncated{1, "dropped the connection (stream truncated)"};
const Outcome kJunk{1, "unknown server message type"};

const std::vector<FaultCase>& fault_cases() {
  // Over ws:// the simulator's first frame is about 4.2 KB of the stream, over wss:// 5.6 KB:
  // 3000 and 4000 bytes stop mid-rectangle. 1000 payload bytes fall in the first update
  // message: oversized-frame and garbage come right after the first complete frame.
  static const std::vector<FaultCase> cases = {
      {"latency", {"--fault", "latency", "--delay-ms", "50"}, false, kOk, kOk, kOk},
      {"bandwidth", {"--fault", "bandwidth", "--rate", "20000"}, false, kOk, kOk, kOk},
      {"one_byte", {"--fault", "one-byte"}, false, kOk, kOk, kOk},
      {"fragment", {"--fault", "fragment", "--size", "100"}, false, kOk, kOk, kOk},
      {"ping_flood", {"--fault", "ping-flood", "--pings", "5"}, false, kOk, kOk, kOk},
      {"stall", {"--fault", "stall", "--after-bytes", "3000"}, false, kNoFrame, kNoFrame, kNoFrame},
      {"reset", {"--fault", "reset", "--after-bytes", "3000"}, false, kReset, kReset, kReset},
      {"tls_cut",
       {"--fault", "cut", "--after-bytes", "4000"},
       true,
       kTruncated,
       kTruncated,
       kTruncated},
      // Beast answers the oversized frame with a close frame and waits for a close that never
      // comes; the agent ends that wait 2 s later with its line. A 1 s recording is over by
      // then (OversizedFrame below records longer).
      {"oversized_frame",
       {"--fault", "oversized-frame", "--after-bytes", "1000"},
       false,
       kOk,
       {1, "sent a message over the limit of 64 MiB"},
       kOk},
      {"garbage", {"--fault", "garbage", "--after-bytes", "1000"}, false, kOk, kJunk, kJunk, true},
  };
  return cases;
}

struct Timed {
  RunResult run;
  milliseconds took;
};

Timed timed_mksagent(const std::vector<std::string>& args) {
  const auto started = std::chrono::steady_clock::now();
  auto run = mksagent(args, seconds(60));
  return {run,
          std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started)};
}

// A simulator and the proxy in front of it, one per test (the echo console is shared state).
class FaultInjection : public ::testing::TestWithParam<FaultCase> {
 protected:
  FaultInjection()
      : sim_(sim_flags(GetParam().tls)),
        proxy_(sim_.ready().at("port").get<int>(), GetParam().proxy_flags) {}

  static std::vector<std::string> sim_flags(bool tls) {
    if (tls) return {};
    return {"--no-tls"};
  }

  std::string url() const { return proxy_.through(sim_.ticket_url()); }
  std::vector<std::string> connection_flags() const {
    std::vector<std::string> flags = {"--timeout", "3"};
    if (GetParam().tls) flags.insert(flags.end(), {"--thumbprint", sim_.thumbprint_sha1()});
    return flags;
  }

  // The outcome, one line when failing, within the hang bound; the fault really applied.
  void expect_outcome(const Timed& timed, const Outcome& outcome, const std::string& command) {
    const auto& run = timed.run;
    const auto lines = lines_of(run.err);
    std::cout << "[fault-table] " << GetParam().name << " | " << command << " | exit "
              << run.exit_code << " | " << timed.took.count() << " ms | "
              << (lines.empty() ? "" : lines.back()) << "\n";
    EXPECT_EQ(run.exit_code, outcome.exit_code) << run.err;
    if (outcome.exit_code != 0) {
      ASSERT_EQ(lines.size(), 1u) << run.err;
      EXPECT_TRUE(says_any(lines[0], outcome.words)) << run.err;
    }
    EXPECT_LT(timed.took, kHangBound) << run.err;
    EXPECT_NE(proxy_.faults_of(1), "") << "the fault never applied";
  }

  SimProcess sim_;
  FaultProxyProcess proxy_;
};

// Every runbook line that ran has its event, in order and without a gap, and a failing run
// ends with a failure event carrying its stderr line.
void expect_every_step_logged(const fs::path& out, const RunResult& run,
                              int runbook_lines = kRunbookLines) {
  std::set<int> lines;
  std::string failure;
  for (const auto& event : json_lines(out / "events.jsonl")) {
    const std::string where = event.value("where", "");
    if (where.starts_with("faults.lua:")) lines.insert(std::stoi(where.substr(11)));
    if (event.value("type", "") == "failure") failure = event.value("what", "");
  }
  const int last = lines.empty() ? 0 : *lines.rbegin();
  EXPECT_EQ(static_cast<int>(lines.size()), last) << "a step without its event";
  if (run.exit_code == 0) {
    EXPECT_EQ(last, runbook_lines);
    EXPECT_EQ(failure, "");
  } else {
    const auto err = lines_of(run.err);
    ASSERT_FALSE(err.empty());
    EXPECT_EQ(failure, err.back());
    if (err.back().starts_with("faults.lua:")) {  // the failing step is the last one logged
      EXPECT_EQ(std::stoi(err.back().substr(11)), last);
    }
  }
}

TEST_P(FaultInjection, Screenshot_EndsWithTheScreenOrOneLineInTime) {
  const auto shot = scratch_dir() / "shot.png";
  auto args = std::vector<std::string>{"screenshot", url(), "-o", shot.string()};
  const auto more = connection_flags();
  args.insert(args.end(), more.begin(), more.end());
  const auto timed = timed_mksagent(args);
  expect_outcome(timed, GetParam().screenshot, "screenshot");
  if (timed.run.exit_code == 0) {
    ASSERT_TRUE(fs::exists(shot));
    EXPECT_TRUE(codecs::read_png_file(shot) == sim_.screen()) << "not the server's screen";
  } else {
    EXPECT_FALSE(fs::exists(shot));
  }
}

TEST_P(FaultInjection, Run_EndsInTimeWithEveryStepLoggedAndAManifestThatVerifies) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "faults.lua") << kRunbook;
  std::vector<std::string> args = {"run",   (dir / "faults.lua").string(), "--target",
                                   url(),   "--connect-timeout",           "3",
                                   "--out", (dir / "out").string(),        "-q"};
  if (GetParam().tls) args.insert(args.end(), {"--thumbprint", sim_.thumbprint_sha1()});
  const auto timed = timed_mksagent(args);
  expect_outcome(timed, GetParam().run, "run");
  expect_every_step_logged(dir / "out", timed.run);
  const auto verify = mksagent({"verify", (dir / "out").string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_P(FaultInjection, Record_EndsInTimeWithADecodableVideo) {
  const auto dir = scratch_dir();
  const auto video = dir / "video.mp4";
  auto args = std::vector<std::string>{"record", url(), "--duration", "1", "-o", video.string()};
  const auto more = connection_flags();
  args.insert(args.end(), more.begin(), more.end());
  const auto timed = timed_mksagent(args);
  expect_outcome(timed, GetParam().record, "record");
  if (timed.run.exit_code == 0) {
    EXPECT_NEAR(video_seconds(video), 1.0, 0.3);
  } else if (GetParam().video_kept) {
    ASSERT_TRUE(fs::exists(video));
  }
  if (fs::exists(video)) {
    EXPECT_EQ(decode_errors(video), "");
    const auto events = json_lines(dir / "video.events.jsonl");
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.front().value("type", ""), "connect");
    std::string ended;  // how the console's recording ended, by its disconnect event
    for (const auto& event : events) {
      if (event.value("type", "") == "disconnect") ended = event.value("what", "");
    }
    const std::string expected =
        timed.run.exit_code == 0 ? "recorded the 1 s asked for" : GetParam().record.words;
    EXPECT_TRUE(says_any(ended, expected)) << ended;
  }
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultInjection, ::testing::ValuesIn(fault_cases()),
                         [](const auto& info) { return info.param.name; });

// What the agent should do with an oversized frame and does not yet: its WebSocket read
// fails the connection, then waits for the server to close it, without a bound (Beast's
// teardown), so the error never reaches the session. Enable when the transport bounds it.
TEST(OversizedFrame, RecordLongerThanTheCloseWait_EndsWithTheLine) {
  SimProcess sim({"--no-tls"});
  FaultProxyProcess proxy(sim.ready().at("port").get<int>(),
                          {"--fault", "oversized-frame", "--after-bytes", "1000"});
  const auto dir = scratch_dir();
  const auto record = mksagent({"record", proxy.through(sim.ticket_url()), "--duration", "6", "-o",
                                (dir / "video.mp4").string()});
  EXPECT_EQ(record.exit_code, 1) << record.err;
  EXPECT_NE(record.err.find("sent a message over the limit of 64 MiB"), std::string::npos)
      << record.err;
}

// A vcenter:// session whose first console connection drops (reset, or a TLS stream cut
// without close_notify) gets a new ticket and goes on; later connections pass unharmed.
class DropOnFirstConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = VcsimProcess::missing(); !why.empty()) {
      if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << why;
      GTEST_SKIP() << why;
    }
    // Heartbeats every second: server bytes to carry the drop while the console is idle.
    sim_.emplace(std::vector<std::string>{"--accept-foreign-tickets", "--heartbeat", "1"});
  }

  // The drop comes with the server's first bytes 1.5 s after the first connection opened:
  // after its first frame, while the runbook or the recording is under way.
  void drop_with(const std::string& fault) {
    proxy_.emplace(sim_->ready().at("port").get<int>(),
                   std::vector<std::string>{"--fault", fault, "--after-bytes", "1", "--after-ms",
                                            "1500", "--first", "1"});
    vcsim_.emplace(TicketTarget{"127.0.0.1", proxy_->port(), sim_->thumbprint_sha1()});
  }

  std::string target() const {
    return "vcenter://operator%40vsphere.local@" + vcsim_->host_port() + "/DC0_H0_VM0";
  }

  static RunResult agent(const std::vector<std::string>& args) {
    setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
    auto run = mksagent(args, seconds(60));
    unsetenv("MKS_VCENTER_PASSWORD");
    return run;
  }

  // The first connection had the fault, the second none.
  void expect_dropped_once() {
    EXPECT_NE(proxy_->faults_of(1), "");
    EXPECT_GE(proxy_->connections(), 2);
    EXPECT_EQ(proxy_->faults_of(2), "");
  }

  std::optional<SimProcess> sim_;
  std::optional<FaultProxyProcess> proxy_;
  std::optional<VcsimProcess> vcsim_;
};

// The agent's "first frame N ms after the connection was lost" progress line.
std::string first_frame_line(const std::string& err) {
  for (const auto& line : lines_of(err)) {
    if (line.find("first frame") != std::string::npos) return line;
  }
  return "";
}

std::string reconnect_events(const fs::path& file) {
  std::string out;
  for (const auto& event : json_lines(file)) {
    if (event.value("type", "") == "reconnect") out += event.value("what", "") + "\n";
  }
  return out;
}

TEST_F(DropOnFirstConnection, Reset_TheRunbookReconnectsAndFinishes) {
  drop_with("reset");
  const auto dir = scratch_dir();
  std::ofstream(dir / "faults.lua") << "wait_text('sim$')\nsleep(3)\ntype('one\\n')\n"
                                       "wait_text('one')\nscreenshot('after')\n";
  const auto run = agent({"run", (dir / "faults.lua").string(), "--insecure", "--out",
                          (dir / "out").string(), "--target", target()});
  std::cout << "[fault-table] reset (vcenter://, first connection) | run | exit " << run.exit_code
            << " | " << first_frame_line(run.err) << "\n";
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("console connection lost"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("reconnected after"), std::string::npos) << run.err;
  const std::string events = reconnect_events(dir / "out" / "events.jsonl");
  EXPECT_NE(events.find("console connection lost"), std::string::npos) << events;
  EXPECT_NE(events.find("first frame"), std::string::npos) << events;
  expect_every_step_logged(dir / "out", run, 5);
  expect_dropped_once();
}

TEST_F(DropOnFirstConnection, TlsCut_TheRecordingGoesOnInOneVideo) {
  drop_with("cut");
  const auto video = scratch_dir() / "console.mp4";
  const auto run =
      agent({"record", target(), "--insecure", "-o", video.string(), "--duration", "4"});
  std::cout << "[fault-table] tls cut (vcenter://, first connection) | record | exit "
            << run.exit_code << " | " << first_frame_line(run.err) << "\n";
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NEAR(video_seconds(video), 4.0, 0.75);
  EXPECT_EQ(decode_errors(video), "");
  const std::string events = reconnect_events(fs::path(video).replace_extension(".events.jsonl"));
  EXPECT_NE(events.find("console connection lost"), std::string::npos) << events;
  EXPECT_NE(events.find("reconnected after"), std::string::npos) << events;
  expect_dropped_once();
}

}  // namespace
}  // namespace mks::test
