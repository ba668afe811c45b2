// A run's report.html as a reader sees it: rendered by Chromium (through playwright-core),
// its screenshots loaded, its video decoded by the browser and seekable to the end, the
// failing step marked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.h"
#include "tests/support/programs.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;

const fs::path kPlaywright = fs::path(MKS_SOURCE_DIR) / "tests/peer/wmks-client/node_modules";
const fs::path kChecker = fs::path(MKS_SOURCE_DIR) / "tests/peer/report/check-report.mjs";

class Report : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing;
    const char* chromium = std::getenv("CHROMIUM");
    if (!find_program("node")) missing = "node is not installed";
    if (!fs::exists(kPlaywright / "playwright-core")) missing = "npm ci in tests/peer/wmks-client";
    if (!find_program(chromium ? chromium : "/usr/bin/chromium")) missing = "no chromium";
    if (missing.empty()) return;
    if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << missing;
    GTEST_SKIP() << missing;
  }

  json render(const fs::path& report) {
    const auto run = run_child("node", {kChecker.string(), report.string()}, 120s);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json::parse(run.out);
  }
};

TEST_F(Report, APassedRunShowsItsStepsScreenshotsAndAPlayableVideo) {
  const auto dir = scratch_dir();
  const auto run = mksagent({"run", (fs::path(MKS_SOURCE_DIR) / "scenarios/demo.lua").string(),
                             "--record", "session.mp4", "--out", dir.string(), "-q"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json page = render(dir / "report.html");
  EXPECT_EQ(page["title"], "demo.lua");
  EXPECT_EQ(page["outcome"], "outcome-passed");
  EXPECT_GT(page["rows"].get<int>(), 20);
  EXPECT_TRUE(page["failedRows"].empty());
  ASSERT_EQ(page["images"].size(), 4u);
  for (const auto& image : page["images"]) EXPECT_TRUE(image["loaded"]) << image;
  const json& video = page["video"];
  ASSERT_TRUE(video.is_object()) << page;
  EXPECT_TRUE(video["error"].is_null()) << video;
  EXPECT_EQ(video["width"], 720);
  EXPECT_EQ(video["height"], 400);
  EXPECT_GT(video["duration"].get<double>(), 3.0);
  // Seeked to half a second before the end: the browser could read that far.
  EXPECT_NEAR(video["currentTime"].get<double>(), video["duration"].get<double>() - 0.5, 0.1);
}

TEST_F(Report, AFailedRunMarksTheFailingStepWithItsScreenshot) {
  const auto dir = scratch_dir();
  const auto runbook = dir / "fails.lua";
  std::ofstream(runbook) << "wait_text('GNU GRUB', 30)\nwait_text('no such text', 0.5)\n";
  const auto out = dir / "out";
  const auto run =
      mksagent({"run", runbook.string(), "--record", "run.webm", "--out", out.string(), "-q"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const json page = render(out / "report.html");
  EXPECT_EQ(page["outcome"], "outcome-failed");
  ASSERT_FALSE(page["failedRows"].empty()) << page;
  EXPECT_THAT(page["failedRows"].back().get<std::string>(),
              HasSubstr("fails.lua:2: wait_text timed out"));
  bool failure_shot = false;
  for (const auto& image : page["images"]) {
    EXPECT_TRUE(image["loaded"]) << image;
    failure_shot = failure_shot || image["src"] == "failure.png";
  }
  EXPECT_TRUE(failure_shot) << page;
  EXPECT_TRUE(page["video"]["error"].is_null()) << page;  // VP9 in WebM plays too
}

}  // namespace
}  // namespace mks::test
