// A server that completes the handshake and then stalls (or trickles) mid-update: every
// command still ends within its timeout with its one line, and leaves its outputs behind.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "tests/support/child_process.h"
#include "tests/support/media_checks.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/stalling_rfb_server.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using Mode = StallingRfbServer::Mode;
using std::chrono::seconds;

// The server holds the connection for 60 s. A command that ends within 15 s did not wait for
// the server to hang up: a bound on a hang (its timeout plus a bounded close), not a speed
// target.
constexpr seconds kHangBound{15};

struct Timed {
  RunResult run;
  seconds took;
};

Timed timed_mksagent(const std::vector<std::string>& args) {
  const auto started = std::chrono::steady_clock::now();
  auto run = mksagent(args, seconds(90));
  return {run, std::chrono::duration_cast<seconds>(std::chrono::steady_clock::now() - started)};
}

void expect_one_line_error(const RunResult& run, const std::string& naming) {
  const auto lines = lines_of(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_NE(lines[0].find(naming), std::string::npos) << run.err;
}

fs::path wait_text_runbook(const fs::path& dir) {
  const fs::path path = dir / "wait.lua";
  std::ofstream(path) << "wait_text(\"login:\", 3)\n";
  return path;
}

// `screenshot --timeout 4`: one line naming the missing frame, exit 1, well before the server
// would let go, and no picture written.
void expect_screenshot_fails_in_time(const StallingRfbServer& server) {
  const auto dir = scratch_dir();
  const auto [run, took] = timed_mksagent(
      {"screenshot", server.url(), "--timeout", "4", "-o", (dir / "shot.png").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_one_line_error(run, "no full frame");
  EXPECT_LT(took, kHangBound) << run.err;
  EXPECT_FALSE(fs::exists(dir / "shot.png"));
}

// `run` of a runbook whose only call is wait_text(…, 3), --connect-timeout 5: one line
// naming `error`, exit 1, well before the server would let go, and the trail still written.
void expect_run_fails_with_its_trail(const StallingRfbServer& server, const std::string& error) {
  const auto dir = scratch_dir();
  const auto [run, took] =
      timed_mksagent({"run", wait_text_runbook(dir).string(), "--target", server.url(),
                      "--connect-timeout", "5", "--out", (dir / "out").string(), "-q"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_one_line_error(run, error);
  EXPECT_LT(took, kHangBound) << run.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "events.jsonl"));
  EXPECT_TRUE(fs::exists(dir / "out" / "manifest.json"));
}

TEST(StalledServer, Screenshot_ServerStallsMidUpdate_FailsWithinItsTimeout) {
  StallingRfbServer server(Mode::kHalfUpdate);
  expect_screenshot_fails_in_time(server);
}

TEST(StalledServer, Screenshot_ServerTricklesTheUpdate_FailsWithinItsTimeout) {
  StallingRfbServer server(Mode::kTrickle);
  expect_screenshot_fails_in_time(server);
}

// Over WebSocket the stalled server does not answer the close handshake either: the close is
// bounded too.
TEST(StalledServer, Screenshot_WebSocketServerStallsMidUpdate_FailsWithinItsTimeout) {
  StallingRfbServer server(Mode::kHalfUpdate, StallingRfbServer::Transport::kWebSocket);
  expect_screenshot_fails_in_time(server);
}

TEST(StalledServer, Type_ServerStallsMidUpdate_FailsWithinItsTimeout) {
  StallingRfbServer server(Mode::kHalfUpdate);
  const auto [run, took] = timed_mksagent({"type", server.url(), "hello", "--timeout", "4"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_one_line_error(run, "no full frame");
  EXPECT_LT(took, kHangBound) << run.err;
}

TEST(StalledServer, Run_ServerStallsBeforeTheFirstFrame_FailsWithinConnectTimeoutWithItsTrail) {
  StallingRfbServer server(Mode::kHalfUpdate);
  expect_run_fails_with_its_trail(server, "no full frame");
}

// Stopped while the first frame is awaited (before any runbook call): the console closing
// under it is not the story, the signal is.
TEST(StalledServer, Run_SigtermWhileAwaitingTheFirstFrame_SaysInterruptedExit130) {
  StallingRfbServer server(Mode::kHalfUpdate);
  const auto dir = scratch_dir();
  ChildProcess agent(bin_path("mksagent"),
                     {"run", wait_text_runbook(dir).string(), "--target", server.url(),
                      "--connect-timeout", "60", "--out", (dir / "out").string()});
  ASSERT_TRUE(agent.wait_for_stderr("connected to", std::chrono::seconds(30)))
      << agent.stderr_text();
  EXPECT_EQ(agent.terminate(std::chrono::seconds(30)), 130) << agent.stderr_text();
  const auto lines = lines_of(agent.stderr_text());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("interrupted by SIGTERM (mksagent: ", 0), 0u) << lines.back();
  EXPECT_TRUE(fs::exists(dir / "out" / "manifest.json"));
}

TEST(StalledServer, Run_ServerStallsAfterTheFirstFrame_WaitTextTimesOutWithItsTrail) {
  StallingRfbServer server(Mode::kFrameThenHalfUpdate);
  expect_run_fails_with_its_trail(server, "wait_text timed out");
}

TEST(StalledServer, Run_WebSocketServerStallsAfterTheFirstFrame_WaitTextTimesOutWithItsTrail) {
  StallingRfbServer server(Mode::kFrameThenHalfUpdate, StallingRfbServer::Transport::kWebSocket);
  expect_run_fails_with_its_trail(server, "wait_text timed out");
}

TEST(StalledServer, Record_ServerStallsBeforeTheFirstFrame_FailsWithinItsTimeout) {
  StallingRfbServer server(Mode::kHalfUpdate);
  const auto dir = scratch_dir();
  const auto [run, took] = timed_mksagent({"record", server.url(), "--duration", "3", "--timeout",
                                           "5", "-o", (dir / "video.mp4").string()});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  expect_one_line_error(run, "no full frame");
  EXPECT_LT(took, kHangBound) << run.err;
}

TEST(StalledServer, Record_ServerStallsAfterTheFirstFrame_StopsAtDurationWithADecodableVideo) {
  StallingRfbServer server(Mode::kFrameThenHalfUpdate);
  const auto dir = scratch_dir();
  const auto video = dir / "video.mp4";
  const auto [run, took] = timed_mksagent(
      {"record", server.url(), "--duration", "3", "--timeout", "5", "-o", video.string()});
  // The console stayed open: the recording asked for is done (exit 0, nothing on stderr).
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_LT(took, kHangBound) << run.err;
  ASSERT_TRUE(fs::exists(video));
  EXPECT_GT(video_seconds(video), 2.0);
  EXPECT_EQ(decode_errors(video), "");
  EXPECT_TRUE(fs::exists(dir / "video.events.jsonl"));
}

}  // namespace
}  // namespace mks::test
