#include "agent/fleet/shard.h"

#include <cstdlib>
#include <stdexcept>

namespace mks::fleet {
namespace {

std::optional<int> whole_number(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoi(text);
}

int env_number(const EnvLookup& env, const char* name) {
  const auto value = env(name);
  const auto number = value ? whole_number(*value) : std::nullopt;
  if (!number) {
    throw std::invalid_argument(std::string(name) + " is \"" + value.value_or("") +
                                "\", not a whole number");
  }
  return *number;
}

Shard checked(Shard shard, const std::string& from) {
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    throw std::invalid_argument(from + ": shard " + std::to_string(shard.index) + " of " +
                                std::to_string(shard.count) + " does not exist");
  }
  return shard;
}

std::optional<Shard> slurm_shard(const EnvLookup& env) {
  if (!env("SLURM_ARRAY_TASK_ID")) return std::nullopt;
  const int id = env_number(env, "SLURM_ARRAY_TASK_ID");
  if (env("SLURM_ARRAY_TASK_COUNT") && env("SLURM_ARRAY_TASK_MIN")) {
    // Arrays of consecutive ids (--array=0-3 or 1-4): the index counts from the minimum.
    const int min = env_number(env, "SLURM_ARRAY_TASK_MIN");
    return checked({id - min, env_number(env, "SLURM_ARRAY_TASK_COUNT")}, "Slurm array task");
  }
  if (env("SLURM_ARRAY_TASK_MIN") && env("SLURM_ARRAY_TASK_MAX")) {
    const int min = env_number(env, "SLURM_ARRAY_TASK_MIN");
    const int max = env_number(env, "SLURM_ARRAY_TASK_MAX");
    return checked({id - min, max - min + 1}, "Slurm array task");
  }
  throw std::invalid_argument(
      "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor "
      "SLURM_ARRAY_TASK_MIN/MAX: give --shard I/N");
}

std::optional<Shard> kubernetes_shard(const EnvLookup& env) {
  if (!env("JOB_COMPLETION_INDEX")) return std::nullopt;
  if (!env("MKS_SHARD_COUNT")) {
    throw std::invalid_argument(
        "JOB_COMPLETION_INDEX is set but MKS_SHARD_COUNT is not: pass the Job's completions "
        "as MKS_SHARD_COUNT (deploy/kubernetes/job.yaml) or give --shard I/N");
  }
  return checked({env_number(env, "JOB_COMPLETION_INDEX"), env_number(env, "MKS_SHARD_COUNT")},
                 "Kubernetes Indexed Job");
}

}  // namespace

std::string Shard::to_string() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto index = whole_number(text.substr(0, slash));
  const auto count =
      slash == std::string::npos ? std::nullopt : whole_number(text.substr(slash + 1));
  if (!index || !count) {
    throw std::invalid_argument("--shard wants I/N (e.g. 0/4), got \"" + text + "\"");
  }
  return checked({*index, *count}, "--shard " + text);
}

std::optional<Shard> shard_from_environment(const EnvLookup& env) {
  if (auto shard = slurm_shard(env)) return shard;
  return kubernetes_shard(env);
}

std::optional<Shard> shard_from_environment() {
  return shard_from_environment([](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
  });
}

}  // namespace mks::fleet
