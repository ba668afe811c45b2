#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mks::fleet {

// One of N slices of a sorted target list: every N-th target starting at `index`.
struct Shard {
  int index = 0;
  int count = 1;

  std::string to_string() const;  // "2/4"
  bool takes(std::size_t position) const {
    return static_cast<int>(position % static_cast<std::size_t>(count)) == index;
  }
};

// "I/N" with 0 <= I < N; std::invalid_argument otherwise.
Shard parse_shard(const std::string& text);

// The shard a batch engine gave this process through its environment: Slurm job arrays
// (SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT, or MIN/MAX), then Kubernetes Indexed
// Jobs (JOB_COMPLETION_INDEX with MKS_SHARD_COUNT, which the Job passes). nullopt when none
// is set; std::invalid_argument when they are set but inconsistent. `getenv` is injectable.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;
std::optional<Shard> shard_from_environment(const EnvLookup& env);
std::optional<Shard> shard_from_environment();

// The targets this shard takes, in their order.
template <typename T>
std::vector<T> take_shard(const std::vector<T>& sorted, const Shard& shard) {
  std::vector<T> out;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (shard.takes(i)) out.push_back(sorted[i]);
  }
  return out;
}

}  // namespace mks::fleet
