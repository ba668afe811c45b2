// Sweep shards on a real Slurm (tests/peers/start-slurm.sh: Debian's slurmctld and slurmd on
// this machine): an `sbatch --array=0-3` of `mksagent sweep` over a simulated fleet, each
// task taking its shard from SLURM_ARRAY_TASK_ID/COUNT alone, then `mksagent sweep-merge`;
// the merged result must equal a single-process sweep of the same targets.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/peer_scripts.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/slurm_cluster.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

constexpr int kShards = 4;

// Console keys of the fleet simulator: most name their state, the rest get one from the
// simulator's seeded mix (contract: "the state of KEY").
const std::vector<std::string> kFleetKeys = {
    "login-prompt-1", "emergency-mode-2",  "fsck-manual-3",  "initramfs-shell-4",
    "grub-menu-5",    "grub-rescue-6",     "kernel-panic-7", "no-boot-device-8",
    "pxe-no-boot-9",  "firmware-setup-10", "blank-11",       "login-prompt-12",
    "app-server-13",  "db-primary-14",     "edge-proxy-15",  "web-frontend-16"};

std::vector<json> read_jsonl(const fs::path& file) {
  std::vector<json> rows;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) rows.push_back(json::parse(line));
  }
  return rows;
}

json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("missing " + file.string());
  return json::parse(in);
}

std::map<std::string, json> by_target(const std::vector<json>& rows) {
  std::map<std::string, json> map;
  for (const auto& row : rows) map[row.at("target").get<std::string>()] = row;
  return map;
}

std::set<std::string> targets_of(const std::vector<json>& rows) {
  std::set<std::string> targets;
  for (const auto& row : rows) targets.insert(row.at("target").get<std::string>());
  return targets;
}

// What a sweep decided about one console, without timings or file names.
json verdict(const json& row) {
  return {{"name", row.value("name", "")},
          {"state", row.value("state", "")},
          {"severity", row.value("severity", "")},
          {"rule", row.value("rule", "")}};
}

std::string all_logs(const ArrayResult& result) {
  std::string text;
  for (std::size_t task = 0; task < result.logs.size(); ++task) {
    text += "--- task " + std::to_string(task) + "\n" + result.logs[task];
  }
  return text;
}

class SlurmSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string missing = SlurmCluster::missing();
    if (!missing.empty()) {
      if (peers_required()) FAIL() << "Slurm peer required but missing: " << missing;
      GTEST_SKIP() << "Slurm peer not available: " << missing;
    }
    dir_ = scratch_dir();
    ASSERT_TRUE(fs::exists(bin_path("mksagent"))) << bin_path("mksagent") << " was not built";
  }
  // Started by each test once its other programs run, so a missing one fails before Slurm
  // spends seconds starting.
  SlurmCluster& cluster() {
    if (!cluster_) cluster_.emplace();
    return *cluster_;
  }

  fs::path dir_;
  std::optional<SlurmCluster> cluster_;
};

// The engine itself, without the sweep: every task runs, sees its index and the array's size,
// and its exit status comes back to the test (here task 2 fails on purpose).
TEST_F(SlurmSweep, JobArray_EachTaskSeesItsIndexAndCountAndReportsItsExitStatus) {
  const std::string body =
      "echo \"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\" > "
      "index-$SLURM_ARRAY_TASK_ID\n\"" +
      bin_path("mksagent") + "\" --version\n[ \"$SLURM_ARRAY_TASK_ID\" != 2 ] || exit 3";
  const auto result = cluster().run_array(body, kShards, dir_, 120s);

  ASSERT_EQ(result.exit_codes.size(), std::size_t(kShards));
  for (int task = 0; task < kShards; ++task) {
    EXPECT_EQ(result.exit_codes[task], task == 2 ? 3 : 0) << all_logs(result);
    std::ifstream index(dir_ / ("index-" + std::to_string(task)));
    std::string seen;
    std::getline(index, seen);
    EXPECT_EQ(seen, std::to_string(task) + "/" + std::to_string(kShards));
    EXPECT_NE(result.logs[task].find("mksagent "), std::string::npos) << result.logs[task];
  }
}

TEST_F(SlurmSweep, ArrayOfFourShards_MergesIntoTheSingleProcessSweep) {
  SimProcess fleet({"--fleet", "--no-tls"});
  const std::string base =
      "ws://127.0.0.1:" + std::to_string(fleet.ready().at("port").get<int>()) + "/console/";
  std::vector<std::string> targets;
  for (const auto& key : kFleetKeys) targets.push_back(base + key);
  {
    std::ofstream file(dir_ / "targets.txt");
    file << "# simulated fleet, one console per line\n";
    for (const auto& target : targets) file << target << "\n";
  }

  const std::string targets_file = (dir_ / "targets.txt").string();
  const std::string body = "exec \"" + bin_path("mksagent") + "\" sweep --targets \"" +
                           targets_file + "\" --out \"" + dir_.string() +
                           "/shard-$SLURM_ARRAY_TASK_ID\" -q";
  const auto array = cluster().run_array(body, kShards, dir_, 180s);
  for (int task = 0; task < kShards; ++task) {
    ASSERT_EQ(array.exit_codes[task], 0) << all_logs(array);
  }

  // A shard takes every N-th target of the sorted list starting at its index.
  std::vector<std::string> sorted = targets;
  std::sort(sorted.begin(), sorted.end());
  std::set<std::string> swept;
  for (int shard = 0; shard < kShards; ++shard) {
    const fs::path out = dir_ / ("shard-" + std::to_string(shard));
    const auto rows = read_jsonl(out / "sweep.jsonl");
    std::set<std::string> expected;
    for (std::size_t i = shard; i < sorted.size(); i += kShards) expected.insert(sorted[i]);
    EXPECT_EQ(targets_of(rows), expected) << "shard " << shard;
    EXPECT_EQ(rows.size(), expected.size()) << "shard " << shard << " swept a target twice";
    EXPECT_EQ(read_json(out / "summary.json").at("shard"),
              std::to_string(shard) + "/" + std::to_string(kShards));
    for (const auto& target : targets_of(rows)) {
      EXPECT_TRUE(swept.insert(target).second) << target << " swept by two shards";
    }
  }

  std::vector<std::string> merge = {"sweep-merge"};
  for (int shard = 0; shard < kShards; ++shard) {
    merge.push_back((dir_ / ("shard-" + std::to_string(shard))).string());
  }
  merge.insert(merge.end(), {"--out", (dir_ / "merged").string()});
  const auto merged_run = mksagent(merge, 60s);
  ASSERT_EQ(merged_run.exit_code, 0) << merged_run.err;
  const auto single_run = mksagent(
      {"sweep", "--targets", targets_file, "--out", (dir_ / "single").string(), "-q"}, 120s);
  ASSERT_EQ(single_run.exit_code, 0) << single_run.err;

  const auto merged = read_jsonl(dir_ / "merged" / "sweep.jsonl");
  const auto single = read_jsonl(dir_ / "single" / "sweep.jsonl");
  EXPECT_EQ(merged.size(), targets.size()) << "every target exactly once";
  EXPECT_EQ(targets_of(merged), std::set<std::string>(targets.begin(), targets.end()));
  const auto merged_by_target = by_target(merged);
  const auto single_by_target = by_target(single);
  std::set<std::string> states;
  for (const auto& [target, row] : single_by_target) {
    states.insert(row.value("state", ""));
    ASSERT_TRUE(merged_by_target.contains(target)) << target;
    EXPECT_EQ(verdict(merged_by_target.at(target)), verdict(row)) << target;
  }
  EXPECT_GE(states.size(), 3u) << "the fleet's mix of states did not show";

  const auto merged_summary = read_json(dir_ / "merged" / "summary.json");
  const auto single_summary = read_json(dir_ / "single" / "summary.json");
  for (const char* count : {"total", "reached", "failed", "states"}) {
    EXPECT_EQ(merged_summary.at(count), single_summary.at(count)) << count;
  }
}

// sweep-merge checks every shard against its manifest before it merges anything.
TEST_F(SlurmSweep, Merge_ShardThatNoLongerMatchesItsManifest_FailsWithOneLine) {
  SimProcess fleet({"--fleet", "--no-tls"});
  const std::string base =
      "ws://127.0.0.1:" + std::to_string(fleet.ready().at("port").get<int>()) + "/console/";
  std::ofstream(dir_ / "targets.txt") << base << "kernel-panic-1\n" << base << "login-prompt-2\n";
  const std::string body = "exec \"" + bin_path("mksagent") + "\" sweep --targets \"" +
                           (dir_ / "targets.txt").string() + "\" --out \"" + dir_.string() +
                           "/shard-$SLURM_ARRAY_TASK_ID\" -q";
  const auto array = cluster().run_array(body, 2, dir_, 120s);
  for (int task = 0; task < 2; ++task) ASSERT_EQ(array.exit_codes[task], 0) << all_logs(array);

  const fs::path tampered = dir_ / "shard-1" / "sweep.jsonl";
  std::ofstream(tampered, std::ios::app) << "\n";  // one byte more than the manifest says
  const auto run = mksagent({"sweep-merge", (dir_ / "shard-0").string(),
                             (dir_ / "shard-1").string(), "--out", (dir_ / "merged").string()});
  EXPECT_NE(run.exit_code, 0);
  const auto lines = lines_of(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_NE(lines[0].find("shard-1"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace mks::test
