#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mks::test {

// What one job array left behind: each task's exit status as its batch script recorded it
// (nullopt: the task never got to record one) and its stdout+stderr log.
struct ArrayResult {
  std::string job_id;
  std::vector<std::optional<int>> exit_codes;  // index = SLURM_ARRAY_TASK_ID
  std::vector<std::string> logs;
};

// A real single-node Slurm (munged, slurmctld, slurmd: tests/peers/start-slurm.sh) in a fresh
// temporary state folder for one test; stopped when the object goes away, whatever happened.
// The daemons are not our children, so only that stop removes them.
class SlurmCluster {
 public:
  SlurmCluster();  // std::runtime_error with the script's stderr when the start fails
  ~SlurmCluster();
  SlurmCluster(const SlurmCluster&) = delete;
  SlurmCluster& operator=(const SlurmCluster&) = delete;

  // Why Slurm cannot run here ("" when it can); tests skip with it, or fail when
  // MKS_REQUIRE_PEERS is set.
  static std::string missing();

  const std::filesystem::path& state_dir() const { return state_dir_; }
  // The variables start-slurm.sh printed (SLURM_CONF, STARTSLURM_*, *_PID).
  const std::map<std::string, std::string>& vars() const { return vars_; }

  // Runs `body` (sh) as `sbatch --array=0-(tasks-1)` from `work_dir`, polls the queue until
  // the array has left it, and collects what each task recorded in work_dir (task-ID.log,
  // task-ID.exit). A task's environment is ours plus Slurm's SLURM_ARRAY_* variables.
  // Throws std::runtime_error when sbatch fails or the array is still queued at `timeout`
  // (it is cancelled then).
  ArrayResult run_array(const std::string& body, int tasks, const std::filesystem::path& work_dir,
                        std::chrono::seconds timeout);

 private:
  // A Slurm client command against this cluster; its stdout, or throws with its stderr.
  std::string client(const std::string& program, const std::vector<std::string>& args) const;
  bool in_queue(const std::string& job_id) const;

  std::filesystem::path state_dir_;
  std::map<std::string, std::string> vars_;
};

}  // namespace mks::test
