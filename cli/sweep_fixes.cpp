#include "cli/sweep_fixes.h"

#include <stdexcept>

#include "agent/fleet/bounded.h"
#include "agent/fleet/console_probe.h"
#include "cli/runbook_run.h"
#include "scripting/runtime.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// Parameters by value: called through the run's console opener.
asio::awaitable<std::shared_ptr<session::Session>> open_fix_console(
    fleet::AddressSource address, session::SessionOptions options) {
  const auto deadline = session::Clock::now() + options.handshake_timeout;
  co_return co_await fleet::open_session(std::move(address), std::move(options), deadline);
}

// "screens/web01.png" -> "fixes/web01"
fs::path fix_folder(const fleet::ConsoleResult& result) {
  return fs::path("fixes") / fs::path(result.screenshot).stem();
}

asio::awaitable<void> fix_one(asio::any_io_executor executor, const FixPlan& plan,
                              fleet::Sweep& sweep, const fleet::SweepTarget& target,
                              fleet::ConsoleResult& result, const fs::path& out,
                              SweepProgress& progress, FixControl& control, int& failed) {
  if (control.stopping()) co_return;
  const fs::path runbook = plan.runbook_for_state.at(result.state);
  RunJob job = plan.base;
  job.runbook = runbook.string();
  job.out_dir = (out / fix_folder(result)).string();
  job.quiet = true;
  progress.note("fixing " + result.name + " (" + result.state + ") with " +
                runbook.filename().string());
  nlohmann::json fix = {{"runbook", runbook.filename().string()},
                        {"before_state", result.state},
                        {"report", (fix_folder(result) / "report.html").generic_string()}};
  int status = 1;
  try {
    RunbookRun run(executor, job, runbook_options(job), target.target, nullptr);
    const ConsoleOpener open = [address = target.address](session::SessionOptions options) {
      return open_fix_console(address, std::move(options));
    };
    control.started(run);
    status = co_await run.execute(open, target.name);
    control.ended(run);
    fix["outcome"] = status == 0 ? "passed" : "failed: " + run.failure_line();
  } catch (const std::exception& e) {
    fix["outcome"] = std::string("failed: ") + e.what();
  }
  fix["status"] = status;
  const fleet::ConsoleResult after = co_await sweep.look_at(
      target, fleet::screenshot_name(fs::path(result.screenshot).stem().string(), ".after"));
  fix["after_state"] = after.reached() ? after.state : "not reached: " + after.error;
  fix["after_severity"] = after.severity;
  fix["after_rule"] = after.rule;
  fix["after_screenshot"] = after.screenshot;
  if (status != 0) ++failed;
  progress.note(result.name + ": fix " + fix["outcome"].get<std::string>() + "; now " +
                fix["after_state"].get<std::string>());
  result.fix = std::move(fix);
}

}  // namespace

void FixControl::stop(const std::string& why) {
  stopping_ = true;
  for (RunbookRun* run : running_) run->interrupt(why);
}

void add_fix(FixPlan& plan, const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    throw std::invalid_argument("--fix wants STATE=RUNBOOK.lua, got \"" + spec + "\"");
  }
  const std::string state = spec.substr(0, eq);
  const fs::path runbook = spec.substr(eq + 1);
  if (!fs::is_regular_file(runbook)) {
    throw std::invalid_argument("--fix " + state + ": no runbook file " + runbook.string());
  }
  try {
    scripting::Runtime::check_syntax(runbook);
  } catch (const std::exception& e) {
    throw std::invalid_argument(e.what());
  }
  if (!plan.runbook_for_state.emplace(state, runbook).second) {
    throw std::invalid_argument("--fix " + state + " is given twice");
  }
}

asio::awaitable<int> run_fixes(asio::any_io_executor executor, const FixPlan& plan,
                               fleet::Sweep& sweep, const std::vector<fleet::SweepTarget>& targets,
                               std::vector<fleet::ConsoleResult>& results, const fs::path& out,
                               SweepProgress& progress, FixControl& control) {
  std::vector<std::size_t> to_fix;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (results[i].reached() && plan.runbook_for_state.contains(results[i].state)) {
      to_fix.push_back(i);
    }
  }
  int failed = 0;
  if (to_fix.empty()) co_return 0;
  progress.note(std::to_string(to_fix.size()) + " consoles to fix, " +
                std::to_string(plan.concurrency) + " at once");
  const fleet::BoundedTask task = [&](std::size_t n) {
    const std::size_t i = to_fix[n];
    return fix_one(executor, plan, sweep, targets[i], results[i], out, progress, control, failed);
  };
  co_await fleet::for_each_bounded(executor, to_fix.size(), plan.concurrency, task);
  co_return failed;
}

}  // namespace mks::cli
