#include "cli/run_command.h"

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "agent/audit/event_log.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_session.h"
#include "cli/io_run.h"
#include "cli/json_summary.h"
#include "cli/runbook_run.h"
#include "codecs/video/recorder.h"
#include "scripting/runbook.h"
#include "tools/webmks_sim/sim_instance.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

// Parameters by value: co_spawned through the opener.
asio::awaitable<std::shared_ptr<session::Session>> open_target(vsphere::ConsoleTarget target,
                                                               session::SessionOptions options,
                                                               vsphere::ConsoleRoute route) {
  const std::string password = target.vcenter ? vsphere::vcenter_password() : "";
  co_return co_await vsphere::open_console(target, options, password, route);
}

bool inside(const fs::path& file, const fs::path& dir) {
  const fs::path folder = fs::weakly_canonical(dir);
  for (fs::path at = fs::weakly_canonical(file).parent_path(); !at.empty(); at = at.parent_path()) {
    if (at == folder) return true;
    if (at == at.parent_path()) break;
  }
  return false;
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

// What a run tells CI at its end, whatever the end was: the --junit file and the --json
// summary. Reads the events only of a run that started (events.jsonl may be an older run's).
class RunReporter {
 public:
  explicit RunReporter(const RunJob& job) : job_(job) {
    summary_.runbook = job.runbook;
    summary_.target =
        job.target.empty() ? "built-in simulated PC" : transport::redact_tickets(job.target);
    summary_.out_dir = job.out_dir;
    summary_.started = std::chrono::system_clock::now();
  }

  void set_target(std::string shown) { summary_.target = std::move(shown); }
  // A failure the run itself did not record (it escaped RunbookRun::execute).
  void set_failure(std::string line) { summary_.failure = std::move(line); }

  // A run that never started: bad input (exit 2) or an error before the runbook ran.
  int could_not_run(int exit_code, std::string failure) {
    summary_.status = RunSummary::Status::kError;
    summary_.failure = std::move(failure);
    return finish(exit_code);
  }

  int ran(const RunbookRun& run, int exit_code) {
    using Status = RunSummary::Status;
    summary_.status = exit_code == 0         ? Status::kPassed
                      : exit_code == 130     ? Status::kInterrupted
                      : run.runbook_failed() ? Status::kFailed
                                             : Status::kError;
    if (!run.failure_line().empty()) summary_.failure = run.failure_line();
    if (run.video()) summary_.video = run.video()->generic_string();
    try {
      add_events(summary_, audit::read_event_log(fs::path(job_.out_dir) / "events.jsonl"));
    } catch (const std::exception&) {
      // The report carries what the run itself knows; the events' problem is the manifest's.
    }
    return finish(exit_code);
  }

 private:
  int finish(int exit_code) {
    summary_.exit_code = exit_code;
    summary_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_).count();
    if (!job_.junit.empty()) {
      try {
        write_junit_file(job_.junit, junit_case(summary_, host_name()));
      } catch (const std::exception& e) {
        std::cerr << "mksagent: " << e.what() << "\n";
        if (exit_code == 0) summary_.exit_code = exit_code = 1;
      }
    }
    if (job_.json) std::cout << summary_json(summary_).dump() << "\n";
    return exit_code;
  }

  const RunJob& job_;
  RunSummary summary_;
  std::chrono::steady_clock::time_point clock_ = std::chrono::steady_clock::now();
};

}  // namespace

int refuse_run(const RunJob& job, const std::string& problem) {
  std::cerr << "mksagent: " << problem << "\n";
  return RunReporter(job).could_not_run(2, "mksagent: " + problem);
}

std::optional<std::string> check_run_job(const RunJob& job) {
  if (!fs::is_regular_file(job.runbook)) return "no runbook file " + job.runbook;
  if (!job.junit.empty() && inside(job.junit, job.out_dir)) {
    return "--junit " + job.junit + " is inside --out " + job.out_dir +
           ", whose manifest is written before it (verify would call it an extra file): write "
           "it outside";
  }
  if (!job.record.empty()) {
    try {
      codecs::video::container_for(job.record);
    } catch (const codecs::video::VideoError& e) {
      return std::string(e.what());
    }
    const auto codecs = codecs::video::available_codecs();
    if (!job.codec.empty() && std::find(codecs.begin(), codecs.end(), job.codec) == codecs.end()) {
      return "no encoder for \"" + job.codec + "\" in this FFmpeg";
    }
  }
  if (!job.sign_key.empty() && !fs::is_regular_file(job.sign_key)) {
    return "no signing key file " + job.sign_key;
  }
  if (!job.password_file.empty() && !fs::is_regular_file(job.password_file)) {
    return "no password file " + job.password_file;
  }
  return std::nullopt;
}

int run_runbook(const RunJob& job) {
  if (const auto problem = check_run_job(job)) return refuse_run(job, *problem);
  RunReporter reporter(job);
  asio::io_context io;
  try {
    scripting::Runtime::check_syntax(job.runbook);  // before connecting to anything
    auto options = runbook_options(job);
    std::unique_ptr<sim::SimInstance> simulator;
    std::string url = job.target;
    if (url.empty()) {
      sim::SimConfig config;
      config.machine = "pc";
      config.fault = job.sim_fault;
      config.layout = job.layout;
      simulator = std::make_unique<sim::SimInstance>(io, config);
      url = simulator->issue_ticket_url();
      options.session.connect.tls.thumbprint =
          transport::Thumbprint::parse(simulator->thumbprint_sha256());
    }
    const auto target = vsphere::ConsoleTarget::parse(url);
    const std::string shown =
        simulator ? "built-in simulated PC (" + target.redacted() + ")" : target.redacted();
    reporter.set_target(shown);
    RunbookRun run(io.get_executor(), job, options, shown, job.quiet ? nullptr : &std::cerr);
    if (simulator) run.progress().step("", "no --target: running the built-in simulated PC");
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      run.interrupt(signal == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM");
    });
    int status = 1;
    bool done = false;
    vsphere::ConsoleRoute route;
    if (!job.via.empty()) route.via = vsphere::parse_console_via(job.via);
    route.api.key_interval = std::chrono::milliseconds(job.key_interval_ms);
    route.api.set_poll_interval(std::chrono::milliseconds(job.poll_interval_ms));
    vsphere::console_via(target, route);  // --via api without vcenter:// fails here
    route.progress = [&run](const std::string& line) { run.progress().step("", line); };
    const ConsoleOpener open = [target, route](session::SessionOptions session) {
      return open_target(target, std::move(session), route);
    };
    asio::co_spawn(io, run.execute(open, target.redacted()),
                   [&](std::exception_ptr error, int result) {
                     status = error ? 1 : result;
                     if (error) reporter.set_failure(failure_line_of(error));
                     if (error) std::cerr << failure_line_of(error) << "\n";
                     signals.cancel();
                     if (simulator) simulator->stop();
                     done = true;
                   });
    run_until_done(io, done);
    if (status != 0 && !run.failure_line().empty()) std::cerr << run.failure_line() << "\n";
    return reporter.ran(run, status);
  } catch (...) {
    const std::string failure = failure_line_of(std::current_exception());
    std::cerr << failure << "\n";
    return reporter.could_not_run(1, failure);
  }
}

}  // namespace mks::cli
