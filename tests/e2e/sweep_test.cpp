// mksagent sweep and sweep-merge end to end against a simulated fleet: one webmks-sim
// serving a console per key, each in the state its key names (tools/webmks_sim, --fleet).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/child_process.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string> kStates = {
    "login-prompt",     "emergency-mode", "fsck-manual",    "initramfs-shell", "grub-menu",
    "grub-rescue",      "kernel-panic",   "no-boot-device", "pxe-no-boot",     "firmware-setup",
    "windows-recovery", "blank",          "graphical"};

std::vector<json> read_lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<json> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

// target -> state of a sweep folder's sweep.jsonl ("" for a console not reached)
std::map<std::string, std::string> states_of(const fs::path& dir) {
  std::map<std::string, std::string> states;
  for (const auto& line : read_lines(dir / "sweep.jsonl")) {
    states[line.at("target")] = line.value("state", "");
  }
  return states;
}

class Sweep : public ::testing::Test {
 protected:
  std::string console(const std::string& key) const {
    return "wss://127.0.0.1:" + std::to_string(sim_.ready().at("port").get<int>()) + "/console/" +
           key;
  }
  // A targets file with one console per key (and `extra` lines as they are).
  fs::path targets(const std::vector<std::string>& keys,
                   const std::vector<std::string>& extra = {}) const {
    const fs::path file = dir_ / "targets.txt";
    std::ofstream out(file);
    out << "# the simulated fleet\n\n";
    for (const auto& key : keys) out << console(key) << "   # " << key << "\n";
    for (const auto& line : extra) out << line << "\n";
    return file;
  }
  std::vector<std::string> sweep_args(const fs::path& targets_file, const fs::path& out) const {
    return {"sweep",      "--targets",    targets_file.string(),    "--out",
            out.string(), "--thumbprint", sim_.thumbprint_sha256(), "--timeout",
            "20"};
  }

  SimProcess sim_{{"--fleet"}};
  const fs::path dir_ = scratch_dir();
};

TEST_F(Sweep, TargetsFile_FindsTheStateEveryConsoleWasBuiltIn) {
  std::vector<std::string> keys;
  for (const auto& state : kStates) keys.push_back(state + "-1");
  const fs::path out = dir_ / "out";
  const auto run = mksagent(sweep_args(targets(keys), out), std::chrono::seconds(120));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto lines = read_lines(out / "sweep.jsonl");
  ASSERT_EQ(lines.size(), kStates.size());
  for (const auto& line : lines) {
    const std::string target = line.at("target");
    const std::string key = target.substr(target.rfind('/') + 1);
    EXPECT_EQ(line.at("state").get<std::string>() + "-1", key)
        << target << " read as " << line.dump();
    EXPECT_FALSE(line.contains("error"));
    EXPECT_TRUE(fs::is_regular_file(out / line.at("screenshot").get<std::string>()));
  }
  const json summary = read_json(out / "summary.json");
  EXPECT_EQ(summary.at("total"), kStates.size());
  EXPECT_EQ(summary.at("reached"), kStates.size());
  EXPECT_EQ(summary.at("failed"), 0);
  EXPECT_TRUE(fs::is_regular_file(out / "report.html"));
  // One line on stdout sums it up; the folder checks out against its manifest.
  EXPECT_NE(run.out.find(std::to_string(kStates.size()) + " consoles, " +
                         std::to_string(kStates.size()) + " reached, 0 failed"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

TEST_F(Sweep, UnreachableConsolesAreTheirOwnResultAndTheRestAreSwept) {
  const std::string used = sim_.ticket_url();
  ASSERT_EQ(mksagent({"screenshot", used, "-o", (dir_ / "a.png").string(), "--thumbprint",
                      sim_.thumbprint_sha256()})
                .exit_code,
            0);
  const fs::path out = dir_ / "out";
  const auto run = mksagent(
      sweep_args(targets({"login-prompt-7", "kernel-panic-7"}, {"vnc://127.0.0.1:1", used}), out),
      std::chrono::seconds(120));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  const auto states = states_of(out);
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(states.at(console("login-prompt-7")), "login-prompt");
  EXPECT_EQ(states.at(console("kernel-panic-7")), "kernel-panic");
  int errors = 0;
  for (const auto& line : read_lines(out / "sweep.jsonl")) {
    if (!line.contains("error")) continue;
    ++errors;
    const std::string error = line.at("error");
    EXPECT_EQ(error.find('\n'), std::string::npos);
    if (line.at("target").get<std::string>().starts_with("wss://")) {
      EXPECT_NE(error.find("503"), std::string::npos) << error;  // the used ticket
      EXPECT_EQ(line.dump().find(used.substr(used.rfind('/') + 1)), std::string::npos)
          << "the ticket must be redacted";
    }
  }
  EXPECT_EQ(errors, 2);
  EXPECT_EQ(read_json(out / "summary.json").at("failed"), 2);
}

TEST_F(Sweep, FixesEmergencyAndFsckConsolesAndSweepsThemAgain) {
  const fs::path runbook = fs::path(MKS_SOURCE_DIR) / "scenarios/fix-fsck.lua";
  const fs::path out = dir_ / "out";
  auto args = sweep_args(targets({"emergency-mode-3", "fsck-manual-3", "login-prompt-3"}), out);
  for (const char* state : {"emergency-mode", "fsck-manual"}) {
    args.push_back("--fix");
    args.push_back(std::string(state) + "=" + runbook.string());
  }
  args.insert(args.end(), {"--record", "fix.mp4"});
  const auto run = mksagent(args, std::chrono::seconds(240));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  int fixed = 0;
  for (const auto& line : read_lines(out / "sweep.jsonl")) {
    if (line.at("state") == "login-prompt") {
      EXPECT_FALSE(line.contains("fix")) << line.dump();
      continue;
    }
    ASSERT_TRUE(line.contains("fix")) << line.dump();
    const json& fix = line.at("fix");
    EXPECT_EQ(fix.at("status"), 0) << fix.dump();
    EXPECT_EQ(fix.at("after_state"), "login-prompt") << fix.dump();
    EXPECT_TRUE(fs::is_regular_file(out / fix.at("report").get<std::string>()));
    const fs::path folder = (out / fix.at("report").get<std::string>()).parent_path();
    EXPECT_TRUE(fs::is_regular_file(folder / "fix.mp4"));
    EXPECT_TRUE(fs::is_regular_file(folder / "events.jsonl"));
    EXPECT_TRUE(fs::is_regular_file(out / fix.at("after_screenshot").get<std::string>()));
    ++fixed;
  }
  EXPECT_EQ(fixed, 2);
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

TEST_F(Sweep, ShardsAreDisjointAndTheirMergeEqualsOneSweep) {
  std::vector<std::string> keys;
  for (int i = 0; i < 9; ++i)
    keys.push_back(kStates[i % kStates.size()] + "-s" + std::to_string(i));
  const fs::path file = targets(keys);
  const fs::path dir = dir_;
  std::vector<std::string> merge = {"sweep-merge"};
  std::set<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    const fs::path shard = dir / ("shard-" + std::to_string(i));
    auto args = sweep_args(file, shard);
    args.insert(args.end(), {"--shard", std::to_string(i) + "/3", "-q"});
    const auto run = mksagent(args, std::chrono::seconds(120));
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto states = states_of(shard);
    EXPECT_EQ(states.size(), 3u);
    for (const auto& [target, state] : states) EXPECT_TRUE(seen.insert(target).second) << target;
    EXPECT_EQ(read_json(shard / "summary.json").at("shard"), std::to_string(i) + "/3");
    merge.push_back(shard.string());
  }
  EXPECT_EQ(seen.size(), keys.size());
  merge.insert(merge.end(), {"--out", (dir / "merged").string()});
  const auto merged = mksagent(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const auto single = mksagent(sweep_args(file, dir / "single"), std::chrono::seconds(120));
  ASSERT_EQ(single.exit_code, 0) << single.err;
  EXPECT_EQ(states_of(dir / "merged"), states_of(dir / "single"));
  EXPECT_EQ(read_json(dir / "merged/summary.json").at("states"),
            read_json(dir / "single/summary.json").at("states"));
  EXPECT_EQ(mksagent({"verify", (dir / "merged").string()}).exit_code, 0);

  // A shard whose files were changed after the sweep is refused, with one line.
  std::ofstream(dir / "shard-1/sweep.jsonl", std::ios::app) << "\n";
  const auto tampered = mksagent(merge);
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_NE(tampered.err.find("shard-1 fails its manifest"), std::string::npos) << tampered.err;
  EXPECT_EQ(lines_of(tampered.err).size(), 1u) << tampered.err;
}

TEST_F(Sweep, BadInputIsOneLineAndExitStatusTwo) {
  const fs::path dir = dir_;
  const fs::path good = targets({"login-prompt-1"});
  std::ofstream(dir / "broken.lua") << "state \"x\" {\n  severity = 'ok',\n  oops(\n}\n";
  std::ofstream(dir / "bad-targets.txt") << "# ok\n" << console("a") << "\nnot a url\n";
  const std::vector<std::vector<std::string>> bad = {
      {"sweep", "--out", (dir / "o1").string()},
      {"sweep", "--targets", good.string(), "--out", (dir / "o2").string(), "--states",
       (dir / "broken.lua").string()},
      {"sweep", "--targets", (dir / "bad-targets.txt").string(), "--out", (dir / "o3").string()},
      {"sweep", "--targets", (dir / "missing.txt").string(), "--out", (dir / "o4").string()},
      {"sweep", "--targets", good.string(), "--out", (dir / "o5").string(), "--shard", "4/4"},
      {"sweep", "--targets", good.string(), "--out", (dir / "o6").string(), "--fix",
       "emergency-mode=" + (dir / "nope.lua").string()},
  };
  for (const auto& args : bad) {
    const auto run = mksagent(args);
    EXPECT_EQ(run.exit_code, 2) << args.back() << ": " << run.err;
    EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
  }
  EXPECT_NE(mksagent(bad[1]).err.find("broken.lua:"), std::string::npos);
  EXPECT_NE(mksagent(bad[2]).err.find("bad-targets.txt:3:"), std::string::npos);
}

TEST_F(Sweep, SigtermStopsStartingConsolesAndStillWritesEverything) {
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i) keys.push_back("login-prompt-" + std::to_string(i));
  const fs::path out = dir_ / "out";
  auto args = sweep_args(targets(keys), out);
  args.insert(args.end(), {"--concurrency", "1"});
  ChildProcess sweep(bin_path("mksagent"), args);
  // The first progress line says consoles are being looked at; then stop it. (A fixed sleep
  // sent SIGTERM before the handlers were set on a loaded machine: exit 143.)
  ASSERT_TRUE(sweep.wait_for_stderr("/300", std::chrono::seconds(30))) << sweep.stderr_text();
  EXPECT_EQ(sweep.terminate(std::chrono::seconds(30)), 130) << sweep.stderr_text();
  const auto lines = read_lines(out / "sweep.jsonl");
  ASSERT_EQ(lines.size(), keys.size());
  int looked_at = 0;
  int skipped = 0;
  for (const auto& line : lines) {
    if (line.contains("state")) ++looked_at;
    if (line.value("error", "").starts_with("not looked at")) ++skipped;
  }
  EXPECT_GT(looked_at, 0);
  EXPECT_GT(skipped, 0);
  EXPECT_EQ(looked_at + skipped, static_cast<int>(keys.size()));
  EXPECT_NE(sweep.stderr_text().find("stopping"), std::string::npos) << sweep.stderr_text();
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

TEST_F(Sweep, SigtermDuringAFixInterruptsItsRunbookAndStillWritesEverything) {
  std::ofstream(dir_ / "slow-fix.lua") << "wait_text('no such text', 60)\n";
  const fs::path out = dir_ / "out";
  auto args = sweep_args(targets({"emergency-mode-9"}), out);
  args.insert(args.end(), {"--fix", "emergency-mode=" + (dir_ / "slow-fix.lua").string()});
  ChildProcess sweep(bin_path("mksagent"), args);
  // Stopped once the fix has begun (a fixed sleep stopped it before the fix on a loaded
  // machine), while it connects, awaits the first frame or waits in the runbook.
  ASSERT_TRUE(sweep.wait_for_stderr("fixing ", std::chrono::seconds(30))) << sweep.stderr_text();
  EXPECT_EQ(sweep.terminate(std::chrono::seconds(30)), 130) << sweep.stderr_text();
  const auto lines = read_lines(out / "sweep.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_TRUE(lines[0].contains("fix")) << lines[0].dump();
  EXPECT_NE(lines[0]["fix"]["outcome"].get<std::string>().find("interrupted by SIGTERM"),
            std::string::npos)
      << lines[0].dump();
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

}  // namespace
}  // namespace mks::test
