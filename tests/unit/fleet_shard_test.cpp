#include <gtest/gtest.h>

#include <map>

#include "agent/fleet/shard.h"

namespace mks::fleet {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const char* name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(Shard, ParsesIndexSlashCount) {
  const Shard shard = parse_shard("2/4");
  EXPECT_EQ(shard.index, 2);
  EXPECT_EQ(shard.count, 4);
  EXPECT_EQ(shard.to_string(), "2/4");
}

TEST(Shard, RejectsMalformedAndOutOfRange) {
  for (const char* bad : {"", "2", "/4", "2/", "a/4", "4/4", "-1/4", "1/0", "1/4/5", "1 /4"}) {
    EXPECT_THROW(parse_shard(bad), std::invalid_argument) << bad;
  }
}

TEST(Shard, TakesEveryNthFromItsIndexAndTheShardsCoverAllOnce) {
  const std::vector<int> items = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(take_shard(items, {1, 4}), (std::vector<int>{1, 5, 9}));
  std::vector<int> seen;
  for (int i = 0; i < 3; ++i) {
    for (int item : take_shard(items, {i, 3})) seen.push_back(item);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, items);
}

TEST(Shard, SlurmArrayCountsFromItsMinimum) {
  const auto shard = shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "3"},
                                                    {"SLURM_ARRAY_TASK_COUNT", "4"},
                                                    {"SLURM_ARRAY_TASK_MIN", "1"}}));
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->to_string(), "2/4");
}

TEST(Shard, SlurmArrayFromMinAndMaxWithoutCount) {
  const auto shard = shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "0"},
                                                    {"SLURM_ARRAY_TASK_MIN", "0"},
                                                    {"SLURM_ARRAY_TASK_MAX", "3"}}));
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->to_string(), "0/4");
}

TEST(Shard, KubernetesIndexedJobNeedsTheCountPassedIn) {
  const auto shard =
      shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "5"}, {"MKS_SHARD_COUNT", "8"}}));
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->to_string(), "5/8");
  EXPECT_THROW(shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "5"}})),
               std::invalid_argument);
  EXPECT_THROW(
      shard_from_environment(env_of({{"JOB_COMPLETION_INDEX", "8"}, {"MKS_SHARD_COUNT", "8"}})),
      std::invalid_argument);
}

TEST(Shard, NoEngineNoShardAndGarbageIsAnError) {
  EXPECT_FALSE(shard_from_environment(env_of({})));
  EXPECT_THROW(shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "x"},
                                              {"SLURM_ARRAY_TASK_COUNT", "4"},
                                              {"SLURM_ARRAY_TASK_MIN", "0"}})),
               std::invalid_argument);
  EXPECT_THROW(shard_from_environment(env_of({{"SLURM_ARRAY_TASK_ID", "1"}})),
               std::invalid_argument);
}

}  // namespace
}  // namespace mks::fleet
