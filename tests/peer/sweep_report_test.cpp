// A sweep's report.html (the contact sheet) as a reader sees it in Chromium: sections worst
// first, every thumbnail loaded, and each state filter leaving only its own section.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/child_process.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

const fs::path kPlaywright = fs::path(MKS_SOURCE_DIR) / "tests/peer/wmks-client/node_modules";
const fs::path kChecker = fs::path(MKS_SOURCE_DIR) / "tests/peer/report/check-sweep-report.mjs";

TEST(SweepReport, ChromiumShowsTheContactSheetWorstFirstWithWorkingFilters) {
  std::string missing;
  if (!find_program("node")) missing = "node is not installed";
  if (!fs::exists(kPlaywright / "playwright-core")) missing = "npm ci in tests/peer/wmks-client";
  if (!find_program("/usr/bin/chromium")) missing = "no chromium";
  if (!missing.empty()) {
    if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << missing;
    GTEST_SKIP() << missing;
  }
  SimProcess sim({"--fleet"});
  const auto dir = scratch_dir();
  const auto base =
      "wss://127.0.0.1:" + std::to_string(sim.ready().at("port").get<int>()) + "/console/";
  std::ofstream(dir / "targets.txt") << base << "login-prompt-1\n"
                                     << base << "login-prompt-2\n"
                                     << base << "kernel-panic-1\n"
                                     << base << "emergency-mode-1\n"
                                     << "vnc://127.0.0.1:1\n";
  const auto run = mksagent({"sweep", "--targets", (dir / "targets.txt").string(), "--out",
                             (dir / "out").string(), "--thumbprint", sim.thumbprint_sha256(), "-q"},
                            120s);
  ASSERT_EQ(run.exit_code, 1) << run.err;  // one console was not reached
  const auto page_run =
      run_child("node", {kChecker.string(), (dir / "out/report.html").string()}, 120s);
  ASSERT_EQ(page_run.exit_code, 0) << page_run.err;
  const json page = json::parse(page_run.out);
  std::vector<std::string> order;
  for (const auto& section : page["sections"]) order.push_back(section["state"]);
  EXPECT_EQ(order, (std::vector<std::string>{"not-reached", "kernel-panic", "emergency-mode",
                                             "login-prompt"}));
  EXPECT_EQ(page["sections"].back()["consoles"].size(), 2u);
  ASSERT_EQ(page["images"].size(), 4u);
  for (const auto& image : page["images"]) EXPECT_TRUE(image["loaded"]) << image;
  EXPECT_EQ(page["filters"]["kernel-panic"], json::array({"kernel-panic"}));
  EXPECT_EQ(page["filters"]["login-prompt"], json::array({"login-prompt"}));
  EXPECT_EQ(page["filters"]["all"].size(), 4u);
}

}  // namespace
}  // namespace mks::test
