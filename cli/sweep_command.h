#pragma once

#include <string>
#include <vector>

#include "cli/command_summary.h"

namespace CLI {
class App;
}

namespace mks::cli {

// mksagent sweep: every console of a vCenter selection (or of a targets file) looked at once,
// classified by state rules, with fixes by runbook; see docs/fleet.md.
struct SweepJob {
  std::string vcenter;  // https://VC
  std::string user;
  std::vector<std::string> folders, clusters, hosts, vms;
  bool all_power_states = false;
  std::string targets_file;
  std::string out_dir;
  std::string states;  // empty: the shipped scenarios/states.lua
  int concurrency = 64;
  double timeout_s = 30;
  std::string shard;               // "I/N"; empty: from the environment (Slurm, Kubernetes) or none
  std::vector<std::string> fixes;  // STATE=RUNBOOK.lua
  int fix_concurrency = 4;
  std::string record;  // video of each fix run, inside its folder
  std::string sign_key;
  std::string password_file;  // vCenter's password (targets: VNC password)
  std::string thumbprint;     // --vcenter: vCenter's certificate; --targets: the consoles'
  bool insecure = false;
  std::string layout = "us";
  bool quiet = false;
};

struct SweepMergeJob {
  std::vector<std::string> shards;
  std::string out_dir;
  std::string key;       // trusted public key for the shards' signatures
  std::string sign_key;  // sign the merged manifest
};

extern const CommandSummary kSweepCommand;
void add_sweep_options(CLI::App& cmd, SweepJob& job);
extern const CommandSummary kSweepMergeCommand;
void add_sweep_merge_options(CLI::App& cmd, SweepMergeJob& job);
// Exit status: 0 every console reached (and every fix passed), 1 some were not, 2 bad input,
// 130 stopped by SIGINT/SIGTERM (what was done is written).
int run_sweep(const SweepJob& job);
// Exit status: 0 merged, 1 a shard failed its checks (one line), 2 bad input.
int run_sweep_merge(const SweepMergeJob& job);

}  // namespace mks::cli
