#pragma once

#include <map>
#include <string>

namespace mks::cli {

// mksagent run RUNBOOK [--target URL] ...: plays a Lua runbook against a console, or against
// the built-in simulated PC when no target is given.
struct RunJob {
  std::string runbook;
  std::string target;  // empty: the in-process simulator
  std::string layout = "us";
  std::string out_dir = "mksagent-out";
  std::string events;  // JSON Lines event log; empty: none
  std::map<std::string, std::string> vars;
  bool insecure = false;
  std::string thumbprint;
  double connect_timeout_s = 30;
  double wait_timeout_s = 30;
  int pace_ms = 10;
  bool quiet = false;
  std::string sim_fault = "fsck";  // for the built-in simulator
};

// Exit status: 0 done, 1 the runbook failed (one line on stderr), 2 bad input, 130 stopped by
// SIGINT or SIGTERM (the consoles are closed with their held keys released first).
int run_runbook(const RunJob& job);

}  // namespace mks::cli
