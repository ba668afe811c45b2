#pragma once

// What mks-bench-soak judges at the end of a run: the video by FFmpeg's own tools, the
// descriptor counts, the sessions and the typing; printed as a table and returned as JSON.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/soak_probe.h"

namespace mks::bench {

// Keystrokes of the sessions: a line counts as echoed when the session saw it on its screen.
struct TypingTally {
  long lines_sent = 0;
  long lines_echoed = 0;
  long chars_sent = 0;  // Enter included
  long chars_echoed = 0;
  long screenshots = 0;

  void add_sent(std::size_t chars) {
    ++lines_sent;
    chars_sent += long(chars);
  }
  void add_echoed(std::size_t chars) {
    ++lines_echoed;
    chars_echoed += long(chars);
  }
  void merge(const TypingTally& other);
};

struct VideoCheck {
  std::filesystem::path file;
  std::optional<int> recorder_exit;  // nullopt: it overran and was killed
  double expected_s = 0;
  double duration_s = 0;      // ffprobe format=duration
  long frames_decoded = 0;    // ffprobe -count_frames
  long frames_written = -1;   // the recorder's own count (its events log), -1 when missing
  std::string decode_errors;  // ffprobe's stderr while decoding every frame
  std::string problem;        // empty when the video is complete
};

// Runs ffprobe over the whole file and compares with what the recorder says it wrote.
VideoCheck check_video(const std::filesystem::path& file, double expected_s,
                       std::optional<int> recorder_exit, const std::filesystem::path& log);

// Key events a webmks-sim logged (its stdout file, one JSON line per event).
long key_events_in(const std::filesystem::path& sim_log);

class SoakVerdict {
 public:
  void fail(std::string why) { failures_.push_back(std::move(why)); }
  bool ok() const { return failures_.empty(); }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  std::vector<std::string> failures_;
};

struct SoakReport {
  int sessions = 0;
  int alive = 0;
  double run_s = 0;
  double warmup_s = 0;
  int fd_slack = 0;
  double max_growth_mb_per_hour = 0;  // 0: not judged
  TypingTally typing;
  long keys_at_simulators = 0;
  ProcessSample baseline;                    // this process before any session or child
  ProcessSample after_close;                 // the same once everything is closed again
  std::vector<std::string> fds_after_close;  // what they point at
  VideoCheck video;
};

// Judges descriptors, growth and the video into `verdict`, prints the table on stdout and
// returns everything (samples included) as JSON.
nlohmann::json judge_and_print(const SoakReport& report,
                               const std::vector<const ProcessSeries*>& series,
                               SoakVerdict& verdict);

}  // namespace mks::bench
