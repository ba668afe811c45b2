#include "codecs/video/caption_track.h"

#include <algorithm>
#include <string>
#include <vector>

#include "codecs/video/ffmpeg_error.h"
#include "codecs/video/ffmpeg_library.h"

namespace mks::codecs::video {
namespace {

// The style every caption uses: white monospace text on a dark box, bottom centre.
constexpr const char* kAssHeader =
    "[Script Info]\n"
    "ScriptType: v4.00+\n"
    "PlayResX: 384\n"
    "PlayResY: 288\n"
    "\n"
    "[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
    "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Monospace,12,&H00FFFFFF,&H00FFFFFF,&H00000000,&H80000000,0,0,0,0,100,100,"
    "0,0,3,1,0,2,10,10,10,0\n"
    "\n"
    "[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

const char* encoder_name(Container container) {
  switch (container) {
    case Container::kMp4:
      return "mov_text";
    case Container::kWebm:
      return "webvtt";
    case Container::kMatroska:
      break;
  }
  return "subrip";
}

}  // namespace

std::string ass_dialogue_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n') {
      out += "\\N";
    } else if (c == '\r') {
      continue;
    } else if (c == '\\') {
      out += "\\\u200b";
    } else {
      out += c;
    }
  }
  return out;
}

CaptionTrack::CaptionTrack(AVFormatContext& format, Container container)
    : format_(format), container_(container) {
  const AVCodec* codec = ffmpeg().avcodec_find_encoder_by_name(encoder_name(container));
  if (codec == nullptr) {
    throw VideoError(std::string("this FFmpeg has no ") + encoder_name(container) + " encoder");
  }
  encoder_ = ffmpeg().avcodec_alloc_context3(codec);
  packet_ = ffmpeg().av_packet_alloc();
  if (encoder_ == nullptr || packet_ == nullptr) throw VideoError("out of memory");
  encoder_->time_base = AVRational{1, 1000};
  const std::size_t header_size = std::char_traits<char>::length(kAssHeader);
  encoder_->subtitle_header = static_cast<std::uint8_t*>(ffmpeg().av_mallocz(header_size + 1));
  if (encoder_->subtitle_header == nullptr) throw VideoError("out of memory");
  std::copy_n(kAssHeader, header_size, encoder_->subtitle_header);
  encoder_->subtitle_header_size = static_cast<int>(header_size);
  if (format.oformat->flags & AVFMT_GLOBALHEADER) encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  check(ffmpeg().avcodec_open2(encoder_, codec, nullptr), "opening the caption encoder");

  stream_ = ffmpeg().avformat_new_stream(&format, nullptr);
  if (stream_ == nullptr) throw VideoError("out of memory");
  stream_->time_base = AVRational{1, 1000};
  check(ffmpeg().avcodec_parameters_from_context(stream_->codecpar, encoder_), "caption stream");
  ffmpeg().av_dict_set(&stream_->metadata, "title", "mksagent actions", 0);
}

CaptionTrack::~CaptionTrack() {
  ffmpeg().av_packet_free(&packet_);
  ffmpeg().avcodec_free_context(&encoder_);
}

void CaptionTrack::show(std::string_view text, std::int64_t start_ms, std::int64_t duration_ms) {
  start_ms = std::max(start_ms, written_to_ms_);
  advance_to(start_ms);
  text_ = text;
  text_until_ms_ = start_ms + std::max<std::int64_t>(1, duration_ms);
}

void CaptionTrack::advance_to(std::int64_t video_ms) {
  while (written_to_ms_ < video_ms) {
    const std::int64_t from = written_to_ms_;
    if (text_.empty()) {
      write_sample("", from, video_ms);
      continue;
    }
    const std::int64_t to = std::min(video_ms, text_until_ms_);
    write_sample(text_, from, to);
    if (to == text_until_ms_) text_.clear();
  }
}

void CaptionTrack::write_sample(const std::string& text, std::int64_t from_ms, std::int64_t to_ms) {
  written_to_ms_ = to_ms;
  if (text.empty()) {
    // Matroska and WebM keep gaps; an MP4 text track needs an empty sample (length 0).
    if (container_ != Container::kMp4) return;
    check(ffmpeg().av_new_packet(packet_, 2), "caption packet");
    packet_->data[0] = 0;
    packet_->data[1] = 0;
    write_packet(from_ms, to_ms);
    return;
  }
  std::string dialogue = "0,0,Default,,0,0,0,," + ass_dialogue_text(text);
  AVSubtitleRect rect{};
  rect.type = SUBTITLE_ASS;
  rect.ass = dialogue.data();
  AVSubtitleRect* rects[1] = {&rect};
  AVSubtitle subtitle{};
  subtitle.num_rects = 1;
  subtitle.rects = rects;
  subtitle.end_display_time = static_cast<std::uint32_t>(to_ms - from_ms);
  subtitle.pts = ffmpeg().av_rescale_q(from_ms, AVRational{1, 1000}, AV_TIME_BASE_Q);

  std::vector<std::uint8_t> buffer(dialogue.size() * 2 + 1024);
  const int size = check(ffmpeg().avcodec_encode_subtitle(
                             encoder_, buffer.data(), static_cast<int>(buffer.size()), &subtitle),
                         "encoding a caption");
  if (size == 0) return;
  check(ffmpeg().av_new_packet(packet_, size), "caption packet");
  std::copy_n(buffer.data(), size, packet_->data);
  write_packet(from_ms, to_ms);
}

void CaptionTrack::write_packet(std::int64_t from_ms, std::int64_t to_ms) {
  packet_->stream_index = stream_->index;
  packet_->pts = ffmpeg().av_rescale_q(from_ms, AVRational{1, 1000}, stream_->time_base);
  packet_->dts = packet_->pts;
  packet_->duration =
      ffmpeg().av_rescale_q(to_ms - from_ms, AVRational{1, 1000}, stream_->time_base);
  const int written = ffmpeg().av_write_frame(&format_, packet_);
  ffmpeg().av_packet_unref(packet_);
  check(written, "writing a caption");
}

}  // namespace mks::codecs::video
