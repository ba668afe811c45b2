#include "tests/support/slurm_cluster.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/child_process.h"
#include "tests/support/peer_scripts.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kScript = "start-slurm.sh";

fs::path make_state_dir() {
  // start-slurm.sh refuses a STATEDIR with whitespace or shell characters: mkdtemp's are plain.
  std::string pattern = (fs::temp_directory_path() / "mks-slurm-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The batch script of every task: the body in a subshell, its exit status kept in a file
// beside the log, because a finished job leaves squeue/scontrol within seconds (no accounting).
std::string task_script(const std::string& body, const fs::path& work_dir) {
  const std::string exit_file = (work_dir / "task-$SLURM_ARRAY_TASK_ID.exit").string();
  return "#!/bin/sh\n(\n" + body + "\n)\nstatus=$?\necho $status > \"" + exit_file +
         ".tmp\" && mv \"" + exit_file + ".tmp\" \"" + exit_file + "\"\nexit $status\n";
}

std::optional<int> recorded_exit(const fs::path& file) {
  std::ifstream in(file);
  int status = 0;
  if (in >> status) return status;
  return std::nullopt;
}

}  // namespace

std::string SlurmCluster::missing() {
  if (::geteuid() != 0) return "start-slurm.sh runs the daemons as root";
  std::string absent = missing_programs({"sbatch", "squeue", "scontrol", "scancel", "sinfo"});
  for (const char* daemon : {"/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/slurmstepd",
                             "/usr/sbin/munged", "/usr/sbin/mungekey"}) {
    if (fs::exists(daemon)) continue;
    absent += (absent.empty() ? "" : ", ") + std::string(daemon);
  }
  if (absent.empty()) return "";
  return "Slurm is not installed (" + absent +
         "): apt-get install slurmctld slurmd slurm-client munge";
}

SlurmCluster::SlurmCluster() : state_dir_(make_state_dir()) {
  try {
    // Never apt-get from a test: missing() already told the caller what to install.
    vars_ = run_peer_script(kScript, {"start", state_dir_.string()}, {"STARTSLURM_INSTALL=0"});
  } catch (...) {
    std::error_code ignored;
    try {
      run_peer_script(kScript, {"stop", state_dir_.string()});
    } catch (const std::exception&) {
    }
    fs::remove_all(state_dir_, ignored);
    throw;
  }
  if (!vars_.contains("SLURM_CONF")) {
    run_peer_script(kScript, {"stop", state_dir_.string()});
    throw std::runtime_error("start-slurm.sh printed no SLURM_CONF");
  }
}

SlurmCluster::~SlurmCluster() {
  try {
    run_peer_script(kScript, {"stop", state_dir_.string()});
  } catch (const std::exception& error) {
    std::fprintf(stderr, "SlurmCluster: %s\n", error.what());
  }
  std::error_code ignored;
  fs::remove_all(state_dir_, ignored);
}

std::string SlurmCluster::client(const std::string& program,
                                 const std::vector<std::string>& args) const {
  std::vector<std::string> command = {"SLURM_CONF=" + vars_.at("SLURM_CONF"), program};
  command.insert(command.end(), args.begin(), args.end());
  const auto result = run_child("env", command, 30s);
  if (result.exit_code != 0) {
    throw std::runtime_error(program + " failed: " + result.err.substr(0, result.err.find('\n')));
  }
  return result.out;
}

bool SlurmCluster::in_queue(const std::string& job_id) const {
  try {
    return !client("squeue", {"-h", "-j", job_id, "-o", "%i"}).empty();
  } catch (const std::runtime_error& error) {
    // A purged job id is "Invalid job id"; anything else (a slow controller): ask again.
    return std::string(error.what()).find("Invalid job id") == std::string::npos;
  }
}

ArrayResult SlurmCluster::run_array(const std::string& body, int tasks, const fs::path& work_dir,
                                    std::chrono::seconds timeout) {
  const fs::path dir = fs::absolute(work_dir);
  const fs::path script = dir / "array.sh";
  std::ofstream(script) << task_script(body, dir);
  fs::permissions(script, fs::perms::owner_all, fs::perm_options::add);

  ArrayResult result;
  result.job_id = client(
      "sbatch", {"--parsable", "--job-name=mks-test", "--array=0-" + std::to_string(tasks - 1),
                 "--chdir=" + dir.string(), "--export=ALL",
                 "--output=" + (dir / "task-%a.log").string(), script.string()});
  result.job_id = result.job_id.substr(0, result.job_id.find_first_of(";\n"));

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (in_queue(result.job_id)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      const std::string queue = client("squeue", {"-h", "-j", result.job_id});
      client("scancel", {result.job_id});
      throw std::runtime_error("Slurm array " + result.job_id + " still queued after " +
                               std::to_string(timeout.count()) + " s: " + queue);
    }
    std::this_thread::sleep_for(200ms);
  }
  for (int task = 0; task < tasks; ++task) {
    const std::string name = "task-" + std::to_string(task);
    result.exit_codes.push_back(recorded_exit(dir / (name + ".exit")));
    result.logs.push_back(read_file(dir / (name + ".log")));
  }
  return result;
}

}  // namespace mks::test
