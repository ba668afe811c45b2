// --json: run, screenshot and verify print one JSON object on stdout and nothing else there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path write_runbook(const fs::path& dir, const std::string& name, const std::string& source) {
  const fs::path path = dir / name;
  std::ofstream(path) << source;
  return path;
}

// stdout holds exactly one line, a JSON object.
json only_json_on(const RunResult& run) {
  const auto lines = lines_of(run.out);
  if (lines.size() != 1) throw std::runtime_error("stdout is not one line:\n" + run.out);
  const json parsed = json::parse(lines[0]);
  if (!parsed.is_object()) throw std::runtime_error("not a JSON object: " + lines[0]);
  return parsed;
}

TEST(JsonSummaryCommand, RunPassed_StatusScreenshotsAndStepsProgressOnStderr) {
  const auto dir = scratch_dir();
  const auto runbook =
      write_runbook(dir, "shot.lua", "wait_text('GNU GRUB', 30)\nscreenshot('boot.png')\n");
  auto run = mksagent({"run", runbook.string(), "--out", dir.string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = only_json_on(run);
  EXPECT_EQ(summary["status"], "passed");
  EXPECT_EQ(summary["exit_code"], 0);
  EXPECT_EQ(summary["runbook"], runbook.string());
  EXPECT_EQ(summary["out_dir"], dir.string());
  EXPECT_TRUE(summary["failure"].is_null());
  EXPECT_EQ(summary["screenshots"], json::array({"boot.png"}));
  EXPECT_TRUE(summary["failure_screenshots"].empty());
  EXPECT_TRUE(summary["video"].is_null());
  EXPECT_GE(summary["steps"].get<int>(), 2);
  EXPECT_GT(summary["seconds"].get<double>(), 0.0);
  EXPECT_EQ(summary["target"].get<std::string>().rfind("built-in simulated PC", 0), 0u);
  EXPECT_NE(run.err.find("shot.lua:2 screenshot"), std::string::npos) << "progress on stderr";
}

TEST(JsonSummaryCommand, RunFailed_TheFailureLineAndItsScreenshot) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "bad.lua", "key('down')\nkey('ctrl+nosuchkey')\n");
  auto run = mksagent({"run", runbook.string(), "--out", dir.string(), "--json", "-q"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const json summary = only_json_on(run);
  EXPECT_EQ(summary["status"], "failed");
  EXPECT_EQ(summary["exit_code"], 1);
  EXPECT_EQ(summary["failure"], lines_of(run.err).back());
  EXPECT_EQ(summary["last_step"], "bad.lua:1 key down");
  EXPECT_EQ(summary["failure_screenshots"], json::array({"failure.png"}));
  EXPECT_TRUE(fs::exists(dir / "failure.png"));
}

TEST(JsonSummaryCommand, RunBadInput_StillOneObjectWithStatusError) {
  auto run = mksagent({"run", "/nonexistent/x.lua", "--json"});
  ASSERT_EQ(run.exit_code, 2) << run.err;
  const json summary = only_json_on(run);
  EXPECT_EQ(summary["status"], "error");
  EXPECT_EQ(summary["exit_code"], 2);
  EXPECT_NE(summary["failure"].get<std::string>().find("no runbook file"), std::string::npos);
}

TEST(JsonSummaryCommand, Screenshot_FileSizeAndRedactedTarget) {
  SimProcess sim;
  const auto dir = scratch_dir();
  const fs::path png = dir / "screen.png";
  auto run = mksagent({"screenshot", sim.ticket_url(), "--thumbprint", sim.thumbprint_sha256(),
                       "-o", png.string(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json summary = only_json_on(run);
  const auto screen = sim.screen();
  EXPECT_EQ(summary["file"], png.string());
  EXPECT_EQ(summary["width"], screen.width());
  EXPECT_EQ(summary["height"], screen.height());
  EXPECT_GT(summary["seconds"].get<double>(), 0.0);
  const std::string token = sim.ticket_url().substr(sim.ticket_url().rfind('/') + 1);
  EXPECT_EQ(summary["target"].get<std::string>().find(token), std::string::npos) << summary;
  EXPECT_NE(summary["target"].get<std::string>().find("/ticket/"), std::string::npos) << summary;
  EXPECT_TRUE(fs::exists(png));
}

TEST(JsonSummaryCommand, Verify_OkThenTheModifiedFileAsAProblem) {
  const auto dir = scratch_dir();
  const auto runbook =
      write_runbook(dir, "shot.lua", "wait_text('GNU GRUB', 30)\nscreenshot('boot.png')\n");
  const fs::path out = dir / "out";
  ASSERT_EQ(mksagent({"run", runbook.string(), "--out", out.string(), "-q"}).exit_code, 0);

  auto good = mksagent({"verify", out.string(), "--json"});
  ASSERT_EQ(good.exit_code, 0) << good.out << good.err;
  const json ok = only_json_on(good);
  EXPECT_EQ(ok["folder"], out.string());
  EXPECT_EQ(ok["ok"], true);
  EXPECT_EQ(ok["signature_checked"], false);
  EXPECT_TRUE(ok["problems"].empty());

  std::ofstream(out / "boot.png", std::ios::app) << "tampered";
  auto bad = mksagent({"verify", out.string(), "--json"});
  EXPECT_EQ(bad.exit_code, 1);
  const json problems = only_json_on(bad);
  EXPECT_EQ(problems["ok"], false);
  ASSERT_EQ(problems["problems"].size(), 1u) << problems;
  EXPECT_EQ(problems["problems"][0]["file"], "boot.png");
  EXPECT_EQ(problems["problems"][0]["kind"], "modified");
  EXPECT_NE(problems["problems"][0]["message"].get<std::string>().find("boot.png"),
            std::string::npos);
}

}  // namespace
}  // namespace mks::test
