#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "codecs/image.h"
#include "codecs/video/video_settings.h"

struct AVCodecContext;
struct AVFormatContext;
struct AVFrame;
struct AVPacket;
struct AVStream;

namespace mks::codecs::video {

class CaptionTrack;
class FrameConverter;

// One video file being written: a video stream (frames stamped in milliseconds, variable
// frame rate) and a caption stream. Written so that a file cut off at any moment plays up to
// its last completed fragment (MP4: empty moov + a moof per fragment; Matroska/WebM:
// clusters); close() adds the index. Not thread-safe: one writer thread.
//
// A fragment is completed by the first frame at least VideoSettings::fragment after its
// start, never by an explicit flush: MP4's muxer takes a fragment's last frame duration from
// the next frame, and a flush without one makes it guess, shifting every later frame.
class VideoFile {
 public:
  // The size is fixed by the first frame (rounded up to even sides); later frames of another
  // size are scaled to fit (see FrameConverter). Throws VideoError.
  VideoFile(const std::filesystem::path& file, int width, int height,
            const VideoSettings& settings);
  ~VideoFile();  // closes if close() was not called; never throws
  VideoFile(const VideoFile&) = delete;
  VideoFile& operator=(const VideoFile&) = delete;

  // `ms` must increase from frame to frame. A `repeat` of the previous picture (an idle
  // screen) never becomes a key frame: a key frame of a console costs about as much as 2,000
  // repeats. Throws VideoError (disk full, encoder failure).
  void write_frame(const Image& frame, std::int64_t ms, bool repeat = false);
  // Shown from start_ms until duration_ms has passed or the next caption starts (see
  // CaptionTrack).
  void write_caption(std::string_view text, std::int64_t start_ms, std::int64_t duration_ms);
  // Drains the encoder and writes the index. Throws VideoError.
  void close();

  int width() const { return width_; }
  int height() const { return height_; }
  std::string_view codec_name() const;  // the encoder used, "libx264"
  std::int64_t frames_written() const { return frames_; }

 private:
  void open_encoder(const VideoSettings& settings);
  void open_container(const std::filesystem::path& file, const VideoSettings& settings);
  void drain(bool flushing);
  void release();  // frees everything FFmpeg allocated; safe on a half-built object

  Container container_;
  int width_;
  int height_;
  std::int64_t keyframe_interval_ms_;
  AVFormatContext* format_ = nullptr;
  AVCodecContext* encoder_ = nullptr;
  AVStream* stream_ = nullptr;
  AVFrame* frame_ = nullptr;
  AVPacket* packet_ = nullptr;
  std::unique_ptr<FrameConverter> converter_;
  std::unique_ptr<CaptionTrack> captions_;
  std::int64_t last_ms_ = -1;
  std::int64_t last_key_ms_ = -1;
  std::int64_t frames_ = 0;
  bool closed_ = false;
};

}  // namespace mks::codecs::video
