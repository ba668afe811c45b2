#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agent/fleet/sweep.h"
#include "cli/run_command.h"
#include "cli/sweep_progress.h"

namespace mks::cli {

class RunbookRun;

// Lets a signal stop the fixes: no more are started, and those running are interrupted
// (their consoles closed, their failure line says why).
class FixControl {
 public:
  void stop(const std::string& why);
  bool stopping() const { return stopping_; }
  void started(RunbookRun& run) { running_.insert(&run); }
  void ended(RunbookRun& run) { running_.erase(&run); }

 private:
  bool stopping_ = false;
  std::set<RunbookRun*> running_;
};

// Fleet recovery: which runbook fixes which state.
struct FixPlan {
  std::map<std::string, std::filesystem::path> runbook_for_state;
  int concurrency = 4;
  RunJob base;  // video, codec, signing key, layout, pace, timeouts for every fix run
};

// "STATE=RUNBOOK.lua": the runbook must exist and parse, a state gets one runbook. Throws
// std::invalid_argument with one line.
void add_fix(FixPlan& plan, const std::string& spec);

// Plays the plan's runbook on every reached console whose state it names, at most
// plan.concurrency at once, each in out/fixes/NAME/ with its own events, video, report and
// manifest, then looks at that console again. The result's "fix" holds the runbook, its exit
// status and outcome, the run's report and the state after. One fix failing never stops the
// others; after control.stop() no more start. Returns how many fix runs failed.
boost::asio::awaitable<int> run_fixes(boost::asio::any_io_executor executor, const FixPlan& plan,
                                      fleet::Sweep& sweep,
                                      const std::vector<fleet::SweepTarget>& targets,
                                      std::vector<fleet::ConsoleResult>& results,
                                      const std::filesystem::path& out, SweepProgress& progress,
                                      FixControl& control);

}  // namespace mks::cli
