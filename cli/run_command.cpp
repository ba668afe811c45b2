#include "cli/run_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "agent/errors.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/vnc_password.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_session.h"
#include "cli/audit_trail.h"
#include "codecs/video/recorder.h"
#include "scripting/api_context.h"
#include "scripting/runbook.h"
#include "tools/webmks_sim/sim_instance.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using codecs::video::Recorder;
using std::chrono::milliseconds;

milliseconds ms(double seconds) {
  return milliseconds(static_cast<long long>(seconds * 1000));
}

scripting::RunbookOptions runbook_options(const RunJob& job) {
  scripting::RunbookOptions options;
  options.out_dir = job.out_dir;
  options.base_dir = fs::path(job.runbook).parent_path();
  if (options.base_dir.empty()) options.base_dir = ".";
  options.vars = job.vars;
  options.layout = job.layout;
  options.wait_timeout = ms(job.wait_timeout_s);
  options.session.key_delay = milliseconds(job.pace_ms);
  options.session.connect.tls.insecure = job.insecure;
  if (!job.thumbprint.empty()) {
    options.session.connect.tls.thumbprint = transport::Thumbprint::parse(job.thumbprint);
  }
  if (!job.encoding.empty()) options.session.rfb.encoding = rfb::encoding_for_name(job.encoding);
  options.session.rfb.password = rfb::vnc_password(job.password_file);
  options.session.connect.timeout = ms(job.connect_timeout_s);
  options.session.handshake_timeout = ms(job.connect_timeout_s);
  return options;
}

// Bad input found before anything starts: one line, exit status 2.
std::optional<std::string> check_job(const RunJob& job) {
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

asio::awaitable<void> play(scripting::Runbook& runbook, const RunJob& job,
                           scripting::RunbookOptions options, std::string url, Recorder* recorder) {
  if (!url.empty()) {
    const auto target = vsphere::ConsoleTarget::parse(url);
    runbook.progress().step("", "connecting to " + target.redacted(), "connect");
    const auto password = target.vcenter ? vsphere::vcenter_password() : "";
    auto session = co_await vsphere::open_console(target, options.session, password);
    scripting::report_reconnects(*session, runbook.progress());
    runbook.progress().step("", "connected to " + session->describe(), "connect");
    if (recorder) {
      session->on_frame([recorder](const codecs::Image& frame, session::Clock::time_point when) {
        recorder->submit(frame, when);
      });
    }
    // Input waits for the first frame: it brings the server's caps (VMware scancode keys).
    co_await session->wait_full_frame(session::Clock::now() + options.session.handshake_timeout);
    runbook.add_console(session, target.redacted());
  }
  std::exception_ptr failure;
  try {
    co_await runbook.run(job.runbook);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await runbook.close();
  runbook.progress().step("", "consoles closed", "disconnect");
  if (failure) std::rethrow_exception(failure);
  runbook.progress().step("", "runbook done");
}

std::string describe(const codecs::video::RecorderStats& stats) {
  return std::to_string(stats.frames_written) + " frames written (" +
         std::to_string(stats.frames_repeated) + " repeats of an unchanged screen), " +
         std::to_string(stats.frames_capped) + " merged by the frame-rate cap, " +
         std::to_string(stats.frames_merged) + " merged because the encoder was behind, " +
         std::to_string(stats.captions_written) + " captions";
}

// The one line a failed run ends with (also the report's outcome).
std::string failure_line(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const scripting::RunbookError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return "mksagent: " + transport::redact_tickets(e.what());
  }
}

}  // namespace

int run_runbook(const RunJob& job) {
  if (const auto problem = check_job(job)) {
    std::cerr << "mksagent: " << *problem << "\n";
    return 2;
  }
  asio::io_context io;
  std::exception_ptr failure;
  bool interrupted = false;
  std::unique_ptr<AuditTrail> trail;
  std::unique_ptr<Recorder> recorder;
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
    const std::string target = vsphere::ConsoleTarget::parse(url).redacted();
    fs::create_directories(job.out_dir);
    trail = std::make_unique<AuditTrail>(AuditTrail::Info{
        job.out_dir, fs::path(job.runbook).filename().string(),
        simulator ? "built-in simulated PC (" + target + ")" : target, job.runbook});
    scripting::Runbook runbook(io.get_executor(), options, job.quiet ? nullptr : &std::cerr);
    runbook.progress().set_listener([&](const scripting::Step& step) { trail->step(step); });
    if (simulator) runbook.progress().step("", "no --target: running the built-in simulated PC");
    if (!job.record.empty()) {
      codecs::video::RecorderOptions recording;
      recording.video.codec = job.codec;
      recording.video.max_fps = job.max_fps;
      recorder = std::make_unique<Recorder>(
          fs::path(job.out_dir) / job.record, recording, [&io, &trail](const std::string& text) {
            asio::post(io, [&trail, text] { trail->event("recorder", text); });
          });
      trail->attach_recorder(*recorder);
      runbook.progress().step("", "recording to " + recorder->file().string(), "recorder");
    }
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      runbook.interrupt(signal == SIGINT ? "interrupted by SIGINT" : "interrupted by SIGTERM");
    });
    asio::co_spawn(io, play(runbook, job, options, url, recorder.get()), [&](std::exception_ptr e) {
      failure = e;
      signals.cancel();
      if (simulator) simulator->stop();
    });
    io.run();
    interrupted = runbook.interrupted();
  } catch (...) {
    failure = std::current_exception();
  }

  int status = failure ? (interrupted ? 130 : 1) : 0;
  const std::string failed = failure ? failure_line(failure) : "";
  if (failure) std::cerr << failed << "\n";
  const std::string outcome = failure ? "failed: " + failed : "passed";
  if (!trail) return status;  // nothing was started: nothing to account for
  try {
    std::optional<fs::path> video;
    if (recorder) {
      const auto error = recorder->stop();
      io.restart();
      io.poll();  // the recorder's last notices
      trail->detach_recorder();
      if (error) {
        trail->event("recorder", "recording failed: " + *error);
        std::cerr << "mksagent: recording failed: " << *error << "\n";
        if (status == 0) status = 1;
      } else {
        video = fs::path(job.record);
      }
      trail->event("recorder", describe(recorder->stats()));
    }
    if (failure) trail->event("failure", failed);
    trail->finish(status, outcome, video,
                  job.sign_key.empty() ? std::nullopt : std::optional<fs::path>(job.sign_key));
  } catch (const std::exception& e) {
    std::cerr << "mksagent: " << e.what() << "\n";
    if (status == 0) status = 1;
  }
  return status;
}

}  // namespace mks::cli
