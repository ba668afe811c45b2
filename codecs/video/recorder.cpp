#include "codecs/video/recorder.h"

#include <algorithm>

#include "codecs/video/video_file.h"

namespace mks::codecs::video {
namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

constexpr auto kMergeReportEvery = std::chrono::seconds(1);

}  // namespace

Recorder::Recorder(std::filesystem::path file, RecorderOptions options, Notice notice)
    : file_(std::move(file)),
      options_(std::move(options)),
      notice_(std::move(notice)),
      start_(Clock::now()),
      interval_(duration_cast<Clock::duration>(
          std::chrono::duration<double>(1.0 / std::max(1, options_.video.max_fps)))) {
  container_for(file_);  // an unknown extension fails here, not on the first frame
  next_slot_ = start_;
  thread_ = std::thread([this] { run(); });
}

Recorder::~Recorder() {
  stop();
}

std::int64_t Recorder::video_ms(Clock::time_point when) const {
  return std::max<std::int64_t>(0, duration_cast<milliseconds>(when - start_).count());
}

RecorderStats Recorder::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Recorder::submit(const Image& frame, Clock::time_point arrived) {
  Frame copy{frame, arrived};  // copied before taking the lock
  std::lock_guard lock(mutex_);
  if (stopping_ || error_) return;
  ++stats_.frames_submitted;
  if (waiting_) {
    // Replaced before its slot: the frame-rate cap. After it: the encoder is behind.
    if (encoding_ && Clock::now() >= next_slot_) {
      ++stats_.frames_merged;
    } else {
      ++stats_.frames_capped;
    }
  }
  waiting_ = std::move(copy);
  wake_.notify_one();
}

void Recorder::caption(std::string text, Clock::time_point when) {
  std::lock_guard lock(mutex_);
  if (stopping_ || error_) return;
  if (captions_.size() >= options_.max_pending_captions) {
    captions_.pop_front();
    ++stats_.captions_dropped;
  }
  captions_.push_back({std::move(text), when});
  wake_.notify_one();
}

std::optional<std::string> Recorder::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  return error_;
}

void Recorder::run() {
  std::unique_lock lock(mutex_);
  while (!error_) {
    if (video_ && !captions_.empty()) write_captions(lock);
    if (error_) break;
    const auto now = Clock::now();
    if (waiting_ && (now >= next_slot_ || stopping_)) {
      Frame frame = std::move(*waiting_);
      waiting_.reset();
      // Stamped when it arrived, or at its slot when the cap held it back.
      const auto stamp = std::max(frame.arrived, next_slot_);
      next_slot_ = stamp + interval_;
      encoding_ = true;
      lock.unlock();
      write_frame(frame, stamp);
      last_image_ = std::move(frame.image);
      lock.lock();
      encoding_ = false;
      continue;
    }
    if (video_ && !waiting_ && !stopping_ && now >= last_stamp_ + options_.keepalive) {
      lock.unlock();
      Frame repeat{std::move(last_image_), now};
      write_frame(repeat, now, true);
      last_image_ = std::move(repeat.image);
      lock.lock();
      ++stats_.frames_repeated;
      continue;
    }
    if (stopping_ && !waiting_ && (captions_.empty() || !video_)) break;

    auto deadline = Clock::time_point::max();
    if (waiting_) deadline = next_slot_;
    if (video_ && !waiting_) deadline = std::min(deadline, last_stamp_ + options_.keepalive);
    wake_.wait_until(lock, deadline);
  }
  lock.unlock();
  if (!video_) {
    std::lock_guard guard(mutex_);
    if (!error_) error_ = "no frame arrived: nothing recorded in " + file_.string();
    return;
  }
  try {
    // One last frame at the stop time, so the video lasts as long as the session.
    const auto now = Clock::now();
    if (!error_ && now > last_stamp_ + milliseconds(1)) {
      Frame last{std::move(last_image_), now};
      write_frame(last, now, true);
    }
    video_->close();
  } catch (const std::exception& e) {
    fail(e.what());
  }
  video_.reset();
}

void Recorder::write_frame(Frame& frame, Clock::time_point stamp, bool repeat) {
  try {
    if (!video_) {
      video_ = std::make_unique<VideoFile>(file_, frame.image.width(), frame.image.height(),
                                           options_.video);
      stamp = start_;  // the screen as first seen is the video's first picture
    }
    video_->write_frame(frame.image, video_ms(stamp), repeat);
    last_stamp_ = std::max(stamp, last_stamp_);
    const auto now = Clock::now();
    std::lock_guard lock(mutex_);
    ++stats_.frames_written;
    report_merges(now);
  } catch (const std::exception& e) {
    fail(e.what());
  }
}

void Recorder::write_captions(std::unique_lock<std::mutex>& lock) {
  std::deque<Caption> batch;
  batch.swap(captions_);
  lock.unlock();
  std::int64_t written = 0;
  try {
    for (const Caption& caption : batch) {
      video_->write_caption(caption.text, video_ms(caption.when),
                            options_.caption_duration.count());
      ++written;
    }
  } catch (const std::exception& e) {
    fail(e.what());
  }
  lock.lock();
  stats_.captions_written += written;
}

// Caller holds the lock.
void Recorder::report_merges(Clock::time_point now) {
  if (stats_.frames_merged == merges_reported_ || now - last_merge_report_ < kMergeReportEvery) {
    return;
  }
  const auto merged = stats_.frames_merged - merges_reported_;
  merges_reported_ = stats_.frames_merged;
  last_merge_report_ = now;
  if (notice_) {
    notice_("encoder behind: " + std::to_string(merged) +
            " frames merged into later ones (memory stays bounded)");
  }
}

void Recorder::fail(const std::string& error) {
  {
    std::lock_guard lock(mutex_);
    if (error_) return;
    error_ = error;
    waiting_.reset();
    captions_.clear();
  }
  if (notice_) notice_("recording stopped: " + error);
}

}  // namespace mks::codecs::video
