#include "cli/runbook_run.h"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>

#include "agent/errors.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/vnc_password.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "scripting/api_context.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using codecs::video::Recorder;
using std::chrono::milliseconds;

milliseconds ms(double seconds) {
  return milliseconds(static_cast<long long>(seconds * 1000));
}

std::string describe(const codecs::video::RecorderStats& stats) {
  return std::to_string(stats.frames_written) + " frames written (" +
         std::to_string(stats.frames_repeated) + " repeats of an unchanged screen), " +
         std::to_string(stats.frames_capped) + " merged by the frame-rate cap, " +
         std::to_string(stats.frames_merged) + " merged because the encoder was behind, " +
         std::to_string(stats.captions_written) + " captions";
}

}  // namespace

std::string failure_line_of(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const scripting::RunbookError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return "mksagent: " + transport::redact_tickets(e.what());
  }
}

namespace {

bool is_runbook_error(std::exception_ptr failure) {
  if (!failure) return false;
  try {
    std::rethrow_exception(failure);
  } catch (const scripting::RunbookError&) {
    return true;
  } catch (...) {
    return false;
  }
}

// The video of the n-th console (n from 0): the first is the job's file, each console
// connect() opens gets the same name with its own after it ("session.mp4",
// "session-2-wss-esx02.example-443-ticket-52a0.mp4").
fs::path video_name(const fs::path& first, std::size_t n, const std::string& console) {
  if (n == 0) return first;
  std::string safe;
  for (unsigned char c : transport::redact_tickets(console)) {
    const bool plain = std::isalnum(c) || c == '.';
    if (plain) {
      safe += static_cast<char>(c);
    } else if (!safe.empty() && safe.back() != '-') {
      safe += '-';
    }
    if (safe.size() >= 48) break;
  }
  while (!safe.empty() && safe.back() == '-') safe.pop_back();
  return first.stem().string() + "-" + std::to_string(n + 1) + "-" + safe +
         first.extension().string();
}

}  // namespace

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

RunbookRun::RunbookRun(asio::any_io_executor executor, const RunJob& job,
                       scripting::RunbookOptions options, std::string target, std::ostream* log)
    : executor_(executor),
      job_(job),
      trail_((fs::create_directories(job.out_dir),
              AuditTrail::Info{job.out_dir, fs::path(job.runbook).filename().string(),
                               std::move(target), job.runbook})),
      runbook_(executor, std::move(options), log) {
  runbook_.progress().set_listener([this](const scripting::Step& step) { trail_.step(step); });
  runbook_.on_console_opened(
      [this](scripting::Console& console) { record_console(*console.session, console.name); });
}

RunbookRun::~RunbookRun() = default;

void RunbookRun::record_console(session::Session& session, const std::string& name) {
  if (job_.record.empty()) return;
  codecs::video::RecorderOptions recording;
  recording.video.codec = job_.codec;
  recording.video.max_fps = job_.max_fps;
  const fs::path file = video_name(job_.record, recorders_.size(), name);
  auto recorder = std::make_unique<Recorder>(
      fs::path(job_.out_dir) / file, recording, [this](const std::string& text) {
        asio::post(executor_, [this, text] { trail_.event("recorder", text); });
      });
  if (recorders_.empty()) trail_.attach_recorder(*recorder);
  runbook_.progress().step("", "recording " + name + " to " + recorder->file().string(),
                           "recorder");
  if (session.rfb_client() == nullptr) {
    runbook_.progress().step("",
                             "the recording of " + name +
                                 " is a time-lapse: the vSphere API path polls the screen "
                                 "(every 0.1-2 s), it is not streamed",
                             "recorder");
  }
  auto* raw = recorder.get();
  session.on_frame([raw](const codecs::Image& frame, session::Clock::time_point when) {
    raw->submit(frame, when);
  });
  recorders_.push_back(std::move(recorder));
}

asio::awaitable<void> RunbookRun::play(ConsoleOpener open, std::string console_name) {
  std::shared_ptr<session::Session> console;
  if (open) {
    runbook_.progress().step("", "connecting to " + console_name, "connect");
    console = co_await open(runbook_.options().session);
    scripting::report_reconnects(*console, runbook_.progress());
    runbook_.progress().step("", "connected to " + console->describe(), "connect");
    record_console(*console, console_name);
    // Added before the first frame comes, so that close() below also ends a console that
    // never sends one: its message loop would otherwise keep the run open.
    runbook_.add_console(console, console_name);
  }
  std::exception_ptr failure;
  try {
    // Input waits for the first frame: it brings the server's caps (VMware scancode keys).
    if (console) {
      co_await console->wait_full_frame(session::Clock::now() +
                                        runbook_.options().session.handshake_timeout);
    }
    co_await runbook_.run(job_.runbook);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await runbook_.close();
  runbook_.progress().step("", "consoles closed", "disconnect");
  if (failure) std::rethrow_exception(failure);
  runbook_.progress().step("", "runbook done");
}

asio::awaitable<int> RunbookRun::execute(ConsoleOpener open, std::string console_name) {
  std::exception_ptr failure;
  try {
    co_await play(std::move(open), std::move(console_name));
  } catch (...) {
    failure = std::current_exception();
  }
  co_return co_await finish(failure);
}

std::optional<fs::path> RunbookRun::report_recorders(
    const std::vector<std::optional<std::string>>& errors, int& status) {
  std::optional<fs::path> first_video;
  for (std::size_t i = 0; i < recorders_.size(); ++i) {
    const auto& recorder = *recorders_[i];
    if (const auto& error = errors[i]) {
      trail_.event("recorder", "recording failed: " + *error);
      if (failure_line_.empty()) failure_line_ = "mksagent: recording failed: " + *error;
      if (status == 0) status = 1;
    } else if (i == 0) {
      first_video = fs::relative(recorder.file(), job_.out_dir);
    }
    trail_.event("recorder",
                 recorder.file().filename().string() + ": " + describe(recorder.stats()));
  }
  return first_video;
}

asio::awaitable<int> RunbookRun::finish(std::exception_ptr failure) {
  int status = failure ? (runbook_.interrupted() ? 130 : 1) : 0;
  if (failure) failure_line_ = failure_line_of(failure);
  // Interrupted before the runbook's first call (connecting, awaiting the first frame), the
  // failure is the console closing under it: the line still says why.
  if (status == 130 && !failure_line_.starts_with(runbook_.interruption())) {
    failure_line_ = runbook_.interruption() + " (" + failure_line_ + ")";
  }
  runbook_failed_ = status == 1 && is_runbook_error(failure);
  const std::string outcome = failure ? "failed: " + failure_line_ : "passed";
  std::optional<fs::path> video;
  if (!recorders_.empty()) {
    std::vector<std::optional<std::string>> errors;
    for (auto& recorder : recorders_) errors.push_back(recorder->stop());
    co_await asio::post(executor_, asio::use_awaitable);  // the recorders' last notices
    trail_.detach_recorder();
    video = report_recorders(errors, status);
  }
  video_ = video;
  if (failure) trail_.event("failure", failure_line_);
  try {
    trail_.finish(status, outcome, video,
                  job_.sign_key.empty() ? std::nullopt : std::optional<fs::path>(job_.sign_key));
  } catch (const std::exception& e) {
    if (failure_line_.empty()) failure_line_ = std::string("mksagent: ") + e.what();
    if (status == 0) status = 1;
  }
  co_return status;
}

}  // namespace mks::cli
