#include "cli/run_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "agent/errors.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "scripting/event_log.h"
#include "scripting/runbook.h"
#include "tools/webmks_sim/sim_instance.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

milliseconds ms(double seconds) {
  return milliseconds(static_cast<long long>(seconds * 1000));
}

scripting::RunbookOptions runbook_options(const RunJob& job) {
  scripting::RunbookOptions options;
  options.out_dir = job.out_dir;
  options.base_dir = std::filesystem::path(job.runbook).parent_path();
  if (options.base_dir.empty()) options.base_dir = ".";
  options.vars = job.vars;
  options.layout = job.layout;
  options.wait_timeout = ms(job.wait_timeout_s);
  options.session.key_delay = milliseconds(job.pace_ms);
  options.session.connect.tls.insecure = job.insecure;
  if (!job.thumbprint.empty()) {
    options.session.connect.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
  }
  options.session.connect.timeout = ms(job.connect_timeout_s);
  options.session.handshake_timeout = ms(job.connect_timeout_s);
  return options;
}

asio::awaitable<void> play(scripting::Runbook& runbook, const RunJob& job,
                           scripting::RunbookOptions options, std::string url) {
  if (!url.empty()) {
    const auto parsed = transport::Url::parse(url);
    runbook.progress().step("", "connecting to " + parsed.redacted());
    auto session = co_await session::Session::open(parsed, options.session);
    runbook.progress().step("", "connected to " + session->describe());
    // Input waits for the first frame: it brings the server's caps (VMware scancode keys).
    co_await session->wait_full_frame(session::Clock::now() + options.session.handshake_timeout);
    runbook.add_console(session, parsed.redacted());
  }
  std::exception_ptr failure;
  try {
    co_await runbook.run(job.runbook);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await runbook.close();
  if (failure) std::rethrow_exception(failure);
  runbook.progress().step("", "runbook done");
}

}  // namespace

int run_runbook(const RunJob& job) {
  if (!std::filesystem::is_regular_file(job.runbook)) {
    std::cerr << "mksagent: no runbook file " << job.runbook << "\n";
    return 2;
  }
  asio::io_context io;
  std::exception_ptr failure;
  bool interrupted = false;
  std::unique_ptr<scripting::EventLog> events;
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
    scripting::Runbook runbook(io.get_executor(), options, job.quiet ? nullptr : &std::cerr);
    if (!job.events.empty()) {
      events = std::make_unique<scripting::EventLog>(job.events);
      runbook.progress().set_listener(
          [log = events.get()](std::string_view where, std::string_view what) {
            log->append(where, what);
          });
    }
    if (simulator) runbook.progress().step("", "no --target: running the built-in simulated PC");
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      runbook.interrupt(signal == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM");
    });
    asio::co_spawn(io, play(runbook, job, options, url), [&](std::exception_ptr e) {
      failure = e;
      signals.cancel();
      if (simulator) simulator->stop();
    });
    io.run();
    interrupted = runbook.interrupted();
  } catch (...) {
    failure = std::current_exception();
  }
  if (!failure) return 0;
  try {
    std::rethrow_exception(failure);
  } catch (const scripting::RunbookError& e) {
    std::cerr << e.what() << "\n";
    if (events) events->append("", std::string("failed: ") + e.what());
  } catch (const std::exception& e) {
    const std::string message = transport::redact_tickets(e.what());
    std::cerr << "mksagent: " << message << "\n";
    if (events) events->append("", "failed: " + message);
  }
  return interrupted ? 130 : 1;
}

}  // namespace mks::cli
