#include "cli/record_command.h"

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/this_coro.hpp>
#include <csignal>
#include <iostream>

#include "agent/audit/event_log.h"
#include "agent/transport/url.h"
#include "codecs/video/recorder.h"

namespace mks::cli {
namespace {

namespace asio = boost::asio;
using codecs::video::Recorder;
using session::Clock;

constexpr auto kPoll = std::chrono::milliseconds(250);

}  // namespace

void check_record_output(const RecordJob& job) {
  try {
    codecs::video::container_for(job.output);
  } catch (const codecs::video::VideoError& e) {
    throw std::invalid_argument(e.what());
  }
  const auto folder = std::filesystem::path(job.output).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder)) {
    throw std::invalid_argument("no folder " + folder.string() + " for " + job.output);
  }
}

std::filesystem::path events_file_for(const std::filesystem::path& video) {
  std::filesystem::path events = video;
  events.replace_extension(".events.jsonl");
  return events;
}

asio::awaitable<int> record_session(std::shared_ptr<session::Session> session, const RecordJob& job,
                                    const std::string& target,
                                    std::function<void(const std::string&)> log,
                                    codecs::Image first_frame) {
  const auto executor = co_await asio::this_coro::executor;
  audit::EventLog events(events_file_for(job.output));
  codecs::video::RecorderOptions options;
  options.video.codec = job.codec;
  options.video.max_fps = job.max_fps;
  Recorder recorder(job.output, options, [executor, &events, log](const std::string& text) {
    asio::post(executor, [&events, log, text] {
      events.append({"recorder", {{"what", text}}});
      log(text);
    });
  });
  events.set_video_start(recorder.start());
  events.append({"connect", {{"what", "connected to " + target}}});
  recorder.caption("connected to " + target, Clock::now());
  session->on_frame([&recorder](const codecs::Image& frame, Clock::time_point when) {
    recorder.submit(frame, when);
  });
  // The video goes on through a reconnect (the last frame is repeated over the gap).
  session->on_reconnect([&events, &recorder](const std::string& what) {
    events.append({"reconnect", {{"what", what}}});
    recorder.caption(what, Clock::now());
  });
  // A server that stalls in the middle of the next update still gets a video of the screen
  // it showed.
  recorder.submit(session->screen_ready() ? session->screen() : first_frame, Clock::now());

  std::string stopped_by;
  asio::signal_set signals(executor, SIGINT, SIGTERM);
  signals.async_wait([&stopped_by](const boost::system::error_code& ec, int signal) {
    if (!ec) stopped_by = signal == SIGINT ? "SIGINT" : "SIGTERM";
  });
  const auto end =
      job.duration_s > 0
          ? Clock::now() + std::chrono::milliseconds(static_cast<long long>(job.duration_s * 1000))
          : Clock::time_point::max();
  log("recording to " + job.output + (job.duration_s > 0 ? "" : " until Ctrl-C"));
  std::string closed;
  while (stopped_by.empty() && Clock::now() < end) {
    try {
      co_await session->wait_update(std::min(end, Clock::now() + kPoll));
    } catch (const std::exception& e) {
      closed = transport::redact_tickets(e.what());
      break;
    }
  }
  signals.cancel();
  const auto seconds = std::to_string(recorder.video_ms(Clock::now()) / 1000);
  std::string reason = !closed.empty()       ? "the console closed: " + closed
                       : !stopped_by.empty() ? "stopped by " + stopped_by
                                             : "recorded the " + seconds + " s asked for";
  events.append({"disconnect", {{"what", reason}}});
  // The video ends now: a server that does not answer the close would otherwise stretch it
  // by the close's bound.
  const auto error = recorder.stop();
  if (closed.empty()) co_await session->close();
  const auto stats = recorder.stats();
  events.append({"recorder",
                 {{"what", "stopped"},
                  {"frames_written", stats.frames_written},
                  {"frames_merged", stats.frames_merged},
                  {"frames_capped", stats.frames_capped}}});
  log(reason + "; " + std::to_string(stats.frames_written) + " frames in " + job.output);
  int status = 0;
  if (error) {
    std::cerr << "mksagent: recording failed: " << *error << "\n";
    status = 1;
  } else if (!closed.empty() && job.duration_s > 0) {
    std::cerr << "mksagent: " << reason << " after " << seconds << " s (video kept)\n";
    status = 1;
  }
  co_return status;
}

}  // namespace mks::cli
