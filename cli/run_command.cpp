#include "cli/run_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_session.h"
#include "cli/io_run.h"
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

}  // namespace

std::optional<std::string> check_run_job(const RunJob& job) {
  if (!fs::is_regular_file(job.runbook)) return "no runbook file " + job.runbook;
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
  if (const auto problem = check_run_job(job)) {
    std::cerr << "mksagent: " << *problem << "\n";
    return 2;
  }
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
                     if (error) std::cerr << failure_line_of(error) << "\n";
                     signals.cancel();
                     if (simulator) simulator->stop();
                     done = true;
                   });
    run_until_done(io, done);
    if (status != 0 && !run.failure_line().empty()) std::cerr << run.failure_line() << "\n";
    return status;
  } catch (...) {
    std::cerr << failure_line_of(std::current_exception()) << "\n";
    return 1;
  }
}

}  // namespace mks::cli
