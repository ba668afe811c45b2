#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "codecs/video/video_settings.h"

struct AVCodecContext;
struct AVFormatContext;
struct AVPacket;
struct AVStream;

namespace mks::codecs::video {

// A subtitle stream that shows what the agent did, when it did it: mov_text in MP4, SubRip in
// Matroska, WebVTT in WebM, encoded by FFmpeg's own subtitle encoders.
//
// The track is written as a gapless run of samples that keeps up with the video: before each
// video packet the caption shown until then is written (an empty sample where none shows).
// MP4's muxer otherwise closes a text track with zero-length samples whose duration it has to
// guess at fragment ends, which shifts every later caption; and a gapless track is as
// crash-safe as the video beside it.
class CaptionTrack {
 public:
  // Adds the stream to `format` (before its header is written).
  CaptionTrack(AVFormatContext& format, Container container);
  ~CaptionTrack();
  CaptionTrack(const CaptionTrack&) = delete;
  CaptionTrack& operator=(const CaptionTrack&) = delete;

  // Shows `text` from start_ms for duration_ms, or until the next caption. A start before
  // what is already written moves up to it.
  void show(std::string_view text, std::int64_t start_ms, std::int64_t duration_ms);
  // Writes the track up to video_ms; call before writing a video packet of that time.
  void advance_to(std::int64_t video_ms);

 private:
  void write_sample(const std::string& text, std::int64_t from_ms, std::int64_t to_ms);
  void write_packet(std::int64_t from_ms, std::int64_t to_ms);

  AVFormatContext& format_;
  const Container container_;
  AVStream* stream_ = nullptr;
  AVCodecContext* encoder_ = nullptr;
  AVPacket* packet_ = nullptr;
  std::string text_;  // shown now; empty: nothing
  std::int64_t text_until_ms_ = 0;
  std::int64_t written_to_ms_ = 0;  // the end of the last sample written
};

// The text as one line of an ASS dialogue event: line breaks become "\N" and a backslash is
// kept literal (a zero-width space stops it from starting an ASS code).
std::string ass_dialogue_text(std::string_view text);

}  // namespace mks::codecs::video
