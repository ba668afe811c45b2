#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "codecs/image.h"
#include "codecs/video/video_settings.h"

namespace mks::codecs::video {

class VideoFile;

struct RecorderOptions {
  VideoSettings video;
  // An unchanged screen is still written this often (one repeated frame costs a few bytes),
  // so the video's length follows the clock and fragments keep being completed.
  std::chrono::milliseconds keepalive{500};
  // How long a caption stays on screen.
  std::chrono::milliseconds caption_duration{3000};
  // Captions waiting for the writer; past this the oldest are dropped (and counted).
  std::size_t max_pending_captions = 256;
};

struct RecorderStats {
  std::int64_t frames_submitted = 0;
  std::int64_t frames_written = 0;   // including keepalive repeats
  std::int64_t frames_repeated = 0;  // keepalive repeats of an unchanged screen
  std::int64_t frames_capped = 0;    // replaced by a newer one within 1/max_fps: normal
  std::int64_t frames_merged = 0;    // replaced because the encoder was behind
  std::int64_t captions_written = 0;
  std::int64_t captions_dropped = 0;
};

// Records frames to a video file on a thread of its own, so the protocol loop never waits
// for the encoder. Memory is bounded: one frame waits, one is being encoded. A frame that
// arrives while another still waits replaces it — within one frame interval that is the
// frame-rate cap; when the encoder is behind it is a merge, counted and reported through the
// notice callback. A frame is written at most one frame interval after it arrived, stamped
// with its arrival time (variable frame rate); an idle screen costs one repeat per keepalive.
//
// Video time 0 is the moment the recorder was made; video_ms() maps clock times onto it, for
// event logs aligned to the video.
class Recorder {
 public:
  using Clock = std::chrono::steady_clock;
  // Called on the recorder's thread: "encoder behind: 12 frames merged in the last second",
  // "recording stopped: ...". Must not block.
  using Notice = std::function<void(const std::string&)>;

  Recorder(std::filesystem::path file, RecorderOptions options, Notice notice = {});
  ~Recorder();  // stop() if not stopped; never throws
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Thread-safe. The image is copied; `arrived` is when its last update arrived.
  void submit(const Image& frame, Clock::time_point arrived);
  // Thread-safe. Shown from `when` for caption_duration.
  void caption(std::string text, Clock::time_point when);
  // Writes what waits, a last frame at the stop time, and the index; joins the thread.
  // Returns the error that stopped the recording, if one did (the file then ends where the
  // error happened).
  std::optional<std::string> stop();

  std::int64_t video_ms(Clock::time_point when) const;
  Clock::time_point start() const { return start_; }
  const std::filesystem::path& file() const { return file_; }
  RecorderStats stats() const;

 private:
  struct Frame {
    Image image;
    Clock::time_point arrived;
  };
  struct Caption {
    std::string text;
    Clock::time_point when;
  };

  void run();
  bool encode_due(std::unique_lock<std::mutex>& lock);
  void write_frame(Frame& frame, Clock::time_point stamp, bool repeat = false);
  void write_captions(std::unique_lock<std::mutex>& lock);
  void report_merges(Clock::time_point now);
  void fail(const std::string& error);

  const std::filesystem::path file_;
  const RecorderOptions options_;
  const Notice notice_;
  const Clock::time_point start_;
  const Clock::duration interval_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Frame> waiting_;  // newest frame not yet written
  std::deque<Caption> captions_;
  Clock::time_point next_slot_;  // earliest stamp for the next frame
  bool encoding_ = false;        // the thread is busy with a frame
  bool stopping_ = false;
  RecorderStats stats_;
  std::optional<std::string> error_;

  // Owned by the thread.
  std::unique_ptr<VideoFile> video_;
  Image last_image_;
  Clock::time_point last_stamp_;
  Clock::time_point last_merge_report_;
  std::int64_t merges_reported_ = 0;

  std::thread thread_;
};

}  // namespace mks::codecs::video
