// A run's summary for CI: what --json prints and what --junit writes, from its events.
#include "cli/json_summary.h"

#include <gtest/gtest.h>

namespace mks::cli {
namespace {

using nlohmann::json;

// The events of a run whose third step failed, as events.jsonl has them.
std::vector<json> failed_run_events() {
  return {
      {{"utc", "2026-12-06T14:05:01.000Z"}, {"type", "connect"}, {"what", "connecting to x"}},
      {{"utc", "2026-12-06T14:05:01.100Z"},
       {"type", "wait"},
       {"where", "demo.lua:1"},
       {"what", "found \"GRUB\" after 1.0 s"}},
      {{"utc", "2026-12-06T14:05:02.000Z"},
       {"type", "screenshot"},
       {"where", "demo.lua:2"},
       {"what", "screenshot 01-boot.png"},
       {"file", "01-boot.png"}},
      {{"utc", "2026-12-06T14:05:03.000Z"},
       {"type", "type"},
       {"where", "demo.lua:3"},
       {"what", "type_secret (4 characters)"}},
      {{"utc", "2026-12-06T14:05:04.000Z"},
       {"type", "screenshot"},
       {"what", "screen at failure: out/failure.png"},
       {"file", "failure.png"},
       {"failure", true}},
      {{"utc", "2026-12-06T14:05:04.100Z"}, {"type", "disconnect"}, {"what", "consoles closed"}},
      {{"utc", "2026-12-06T14:05:04.200Z"},
       {"type", "failure"},
       {"what", "demo.lua:4: wait_text \"login:\" timed out"}},
  };
}

RunSummary failed_run() {
  RunSummary summary;
  summary.runbook = "scenarios/demo.lua";
  summary.target = "wss://esx/ticket/52a0…";
  summary.status = RunSummary::Status::kFailed;
  summary.exit_code = 1;
  summary.failure = "demo.lua:4: wait_text \"login:\" timed out";
  summary.out_dir = "out";
  summary.seconds = 3.5;
  add_events(summary, failed_run_events());
  return summary;
}

TEST(JsonSummary, Events_GiveStepsScreenshotsAndTheLastStepBeforeTheFailure) {
  const RunSummary summary = failed_run();
  EXPECT_EQ(summary.steps, 3);
  EXPECT_EQ(summary.screenshots, std::vector<std::string>{"01-boot.png"});
  EXPECT_EQ(summary.failure_screenshots, std::vector<std::string>{"failure.png"});
  EXPECT_EQ(summary.last_step, "demo.lua:3 type_secret (4 characters)");
  ASSERT_EQ(summary.log.size(), 7u);
  EXPECT_EQ(summary.log[1], "2026-12-06T14:05:01.100Z demo.lua:1 found \"GRUB\" after 1.0 s");
  EXPECT_EQ(summary.log[0], "2026-12-06T14:05:01.000Z connecting to x");
}

TEST(JsonSummary, PassedRun_NoLastStepAndNullFailure) {
  RunSummary summary;
  summary.runbook = "a.lua";
  add_events(summary, {{{"type", "key"}, {"where", "a.lua:1"}, {"what", "key down"}}});
  const json out = summary_json(summary);
  EXPECT_EQ(out["status"], "passed");
  EXPECT_TRUE(out["failure"].is_null());
  EXPECT_TRUE(out["last_step"].is_null());
  EXPECT_TRUE(out["video"].is_null());
  EXPECT_EQ(out["steps"], 1);
}

TEST(JsonSummary, Json_CarriesEveryField) {
  RunSummary summary = failed_run();
  summary.video = "session.mp4";
  summary.started = std::chrono::system_clock::time_point(std::chrono::seconds(1796565901));
  const json out = summary_json(summary);
  EXPECT_EQ(out["runbook"], "scenarios/demo.lua");
  EXPECT_EQ(out["target"], "wss://esx/ticket/52a0…");
  EXPECT_EQ(out["status"], "failed");
  EXPECT_EQ(out["exit_code"], 1);
  EXPECT_EQ(out["failure"], "demo.lua:4: wait_text \"login:\" timed out");
  EXPECT_EQ(out["seconds"], 3.5);
  EXPECT_EQ(out["started_utc"], "2026-12-06T14:05:01Z");
  EXPECT_EQ(out["out_dir"], "out");
  EXPECT_EQ(out["screenshots"], json::array({"01-boot.png"}));
  EXPECT_EQ(out["failure_screenshots"], json::array({"failure.png"}));
  EXPECT_EQ(out["video"], "session.mp4");
  EXPECT_EQ(out["steps"], 3);
}

TEST(JsonSummary, FailedRun_IsAJUnitFailureNamingTheScreenshot) {
  const JUnitCase c = junit_case(failed_run(), "ci-7");
  EXPECT_EQ(c.classname, "mksagent.demo");
  EXPECT_EQ(c.name, "demo.lua");
  EXPECT_EQ(c.outcome, JUnitCase::Outcome::kFailed);
  EXPECT_EQ(c.type, "runbook failure");
  EXPECT_EQ(c.message, "demo.lua:4: wait_text \"login:\" timed out");
  EXPECT_NE(c.details.find("screen at failure: out/failure.png"), std::string::npos) << c.details;
  EXPECT_NE(c.details.find("demo.lua:3 type_secret"), std::string::npos) << c.details;
  EXPECT_NE(c.system_out.find("consoles closed\n"), std::string::npos) << c.system_out;
  EXPECT_EQ(c.hostname, "ci-7");
}

TEST(JsonSummary, InterruptedOrNeverConnected_IsAJUnitError) {
  RunSummary interrupted = failed_run();
  interrupted.status = RunSummary::Status::kInterrupted;
  interrupted.exit_code = 130;
  EXPECT_EQ(junit_case(interrupted, "h").outcome, JUnitCase::Outcome::kError);
  EXPECT_EQ(junit_case(interrupted, "h").type, "interrupted");

  RunSummary refused;
  refused.runbook = "x.lua";
  refused.status = RunSummary::Status::kError;
  refused.exit_code = 1;
  refused.failure = "mksagent: cannot connect to 127.0.0.1:9: Connection refused";
  const JUnitCase c = junit_case(refused, "h");
  EXPECT_EQ(c.outcome, JUnitCase::Outcome::kError);
  EXPECT_EQ(c.type, "could not run");
  EXPECT_EQ(c.message, refused.failure);
  EXPECT_EQ(c.system_out, "");
}

}  // namespace
}  // namespace mks::cli
