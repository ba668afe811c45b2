#pragma once

#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "agent/session/session.h"

namespace mks::cli {

// mksagent record URL -o FILE [--duration S]: the console to a video, with an event log beside
// it (FILE's name with .events.jsonl).
struct RecordJob {
  std::string output;
  double duration_s = 0;  // 0: until SIGINT/SIGTERM or the console closes
  std::string codec;      // empty: the container's default
  int max_fps = 30;
};

// A command failed and has already said why on stderr; carries its exit status.
struct ReportedFailure {
  int status;
};

// std::invalid_argument for an unknown video extension or a folder that does not exist.
void check_record_output(const RecordJob& job);

// FILE.mp4 -> FILE.events.jsonl
std::filesystem::path events_file_for(const std::filesystem::path& video);

// Records an open session until the duration passes, SIGINT/SIGTERM arrives or the console
// closes, then closes the session. `first_frame` (the session's wait_full_frame) opens the
// video when the screen is in the middle of its next update. Returns the exit status: 0, or 1
// when the console closed before --duration or the recording failed (the video written so
// far is kept either way).
boost::asio::awaitable<int> record_session(std::shared_ptr<session::Session> session,
                                           const RecordJob& job, const std::string& target,
                                           std::function<void(const std::string&)> log,
                                           codecs::Image first_frame);

}  // namespace mks::cli
