#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agent/fleet/sweep_result.h"

namespace mks::fleet {

struct MergeJob {
  std::vector<std::filesystem::path> shards;  // sweep folders, one per shard
  std::filesystem::path out;
  std::optional<std::filesystem::path> trusted_key;  // check the shards' signatures with it
  std::optional<std::filesystem::path> sign_key;     // sign the merged manifest
  std::string agent_version;
};

// One sweep folder from the folders of its shards: every shard's manifest (and signature) is
// checked first and the merge refuses a shard that fails, a console swept by two shards, or
// shards classified by different rules. The merged folder holds every console's result and
// files (screenshots, fix runs), one report and one manifest. Throws std::runtime_error with
// one line naming the shard and the problem. Returns the merged results.
std::vector<ConsoleResult> merge_sweeps(const MergeJob& job);

}  // namespace mks::fleet
