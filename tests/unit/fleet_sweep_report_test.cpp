#include <gtest/gtest.h>

#include "agent/fleet/sweep_report.h"
#include "agent/fleet/sweep_result.h"

namespace mks::fleet {
namespace {

ConsoleResult reached(std::string name, std::string state, std::string severity) {
  ConsoleResult r;
  r.name = std::move(name);
  r.target = "vc " + r.name;
  r.state = std::move(state);
  r.severity = std::move(severity);
  r.screenshot = "screens/" + r.name + ".png";
  return r;
}

TEST(SweepResult, JsonRoundTripKeepsEveryField) {
  ConsoleResult r = reached("web01", "kernel-panic", "critical");
  r.moref = "vm-7";
  r.host = "esx1";
  r.rule = "states.lua:12";
  r.excerpt = "---[ end Kernel panic";
  r.connect_ms = 12;
  r.frame_ms = 3;
  r.total_ms = 20;
  r.width = 720;
  r.height = 400;
  r.fix = nlohmann::json{{"runbook", "fix.lua"}, {"after_state", "login-prompt"}};
  const ConsoleResult back = result_from_json(nlohmann::json::parse(to_json(r).dump()));
  EXPECT_EQ(to_json(back), to_json(r));
}

TEST(SweepResult, AnUnreachedConsoleHasItsErrorAndNoState) {
  ConsoleResult r;
  r.name = "db02";
  r.target = "vnc://10.0.0.9";
  r.error = "connection refused";
  const auto line = to_json(r);
  EXPECT_EQ(line.at("error"), "connection refused");
  EXPECT_FALSE(line.contains("state"));
  EXPECT_FALSE(result_from_json(line).reached());
}

TEST(SweepResult, ALineOfTheWrongShapeNamesTheField) {
  EXPECT_THROW(result_from_json(nlohmann::json::parse(R"({"target":"x"})")), std::invalid_argument);
  EXPECT_THROW(result_from_json(nlohmann::json::parse(R"({"name":1,"target":"x"})")),
               std::invalid_argument);
  EXPECT_THROW(result_from_json(nlohmann::json::parse("[1]")), std::invalid_argument);
}

TEST(SweepResult, SummaryCountsStatesAndFailures) {
  std::vector<ConsoleResult> results = {reached("a", "login-prompt", "ok"),
                                        reached("b", "login-prompt", "ok"),
                                        reached("c", "emergency-mode", "error")};
  ConsoleResult failed;
  failed.name = "d";
  failed.error = "timeout";
  results.push_back(failed);
  const SweepSummary s = summarize(results, "1/2");
  EXPECT_EQ(s.total, 4);
  EXPECT_EQ(s.reached, 3);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.states.at("login-prompt"), 2);
  EXPECT_EQ(summary_line(s), "4 consoles, 3 reached, 1 failed: login-prompt 2, emergency-mode 1");
}

TEST(SweepReport, GroupsWorstFirstAndEscapesEverything) {
  std::vector<ConsoleResult> results = {reached("ok-vm", "login-prompt", "ok"),
                                        reached("panic<vm>", "kernel-panic", "critical")};
  results[1].excerpt = "<script>alert(1)</script>";
  ConsoleResult unreached;
  unreached.name = "gone";
  unreached.error = "refused & closed";
  results.push_back(unreached);
  const std::string page = render_sweep_report(results, {"vc \"1\"", "t0", "t1", ""});
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(page.find("panic&lt;vm&gt;"), std::string::npos);
  EXPECT_NE(page.find("refused &amp; closed"), std::string::npos);
  const auto not_reached = page.find("<h2>not-reached");
  const auto panic = page.find("<h2>kernel-panic");
  const auto login = page.find("<h2>login-prompt");
  ASSERT_NE(login, std::string::npos);
  EXPECT_LT(not_reached, panic);
  EXPECT_LT(panic, login);
  EXPECT_NE(page.find("id=\"f-s-kernel-panic\""), std::string::npos);
  EXPECT_NE(page.find("href=\"screens/ok-vm.png\""), std::string::npos);
}

TEST(SweepReport, AScreenshotPathLeavingTheFolderIsNotLinked) {
  std::vector<ConsoleResult> results = {reached("x", "blank", "warning")};
  results[0].screenshot = "../../etc/passwd";
  const std::string page = render_sweep_report(results, {"t", "", "", ""});
  EXPECT_EQ(page.find("etc/passwd"), std::string::npos);
}

}  // namespace
}  // namespace mks::fleet
