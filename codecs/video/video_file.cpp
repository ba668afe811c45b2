#include "codecs/video/video_file.h"

#include <mutex>
#include <string>

#include "codecs/video/caption_track.h"
#include "codecs/video/ffmpeg_error.h"
#include "codecs/video/ffmpeg_library.h"
#include "codecs/video/frame_converter.h"

namespace mks::codecs::video {
namespace {

constexpr AVRational kMilliseconds{1, 1000};

const char* muxer_name(Container container) {
  switch (container) {
    case Container::kMp4:
      return "mp4";
    case Container::kWebm:
      return "webm";
    case Container::kMatroska:
      break;
  }
  return "matroska";
}

// The FFmpeg encoders that can serve a codec name, best first.
std::vector<const char*> encoder_names(std::string_view codec) {
  if (codec == "h264") return {"libx264"};
  if (codec == "vp9") return {"libvpx-vp9"};
  if (codec == "av1") return {"libsvtav1", "libaom-av1"};
  return {};
}

const AVCodec* find_encoder(std::string_view codec) {
  for (const char* name : encoder_names(codec)) {
    if (const AVCodec* found = ffmpeg().avcodec_find_encoder_by_name(name)) return found;
  }
  return nullptr;
}

// Settings for console video: no B-frames and no look-ahead, so each frame leaves the
// encoder as soon as it went in (nothing waits inside the encoder when the agent is killed).
void set_encoder_options(AVCodecContext& encoder, std::string_view encoder_name, int quality) {
  void* options = encoder.priv_data;
  const auto set = [&](const char* key, const std::string& value) {
    ffmpeg().av_opt_set(options, key, value.c_str(), 0);
  };
  if (encoder_name == "libx264") {
    set("preset", "veryfast");
    set("tune", "zerolatency");
    set("crf", std::to_string(quality ? quality : 28));
  } else if (encoder_name == "libvpx-vp9") {
    set("deadline", "realtime");
    set("cpu-used", "8");
    set("row-mt", "1");
    set("lag-in-frames", "0");
    set("crf", std::to_string(quality ? quality : 40));
    encoder.bit_rate = 0;
  } else if (encoder_name == "libsvtav1") {
    set("preset", "10");
    set("crf", std::to_string(quality ? quality : 40));
  } else if (encoder_name == "libaom-av1") {
    set("usage", "realtime");
    set("cpu-used", "8");
    set("lag-in-frames", "0");
    set("crf", std::to_string(quality ? quality : 40));
    encoder.bit_rate = 0;
  }
}

}  // namespace

Container container_for(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".mp4" || extension == ".m4v") return Container::kMp4;
  if (extension == ".mkv") return Container::kMatroska;
  if (extension == ".webm") return Container::kWebm;
  throw VideoError(file.string() + ": unknown video format \"" + extension +
                   "\" (use .mp4, .mkv or .webm)");
}

std::vector<std::string> available_codecs() {
  std::vector<std::string> codecs;
  for (const char* codec : {"h264", "vp9", "av1"}) {
    if (find_encoder(codec) != nullptr) codecs.emplace_back(codec);
  }
  return codecs;
}

VideoFile::VideoFile(const std::filesystem::path& file, int width, int height,
                     const VideoSettings& settings)
    : container_(container_for(file)),
      width_(even_up(width)),
      height_(even_up(height)),
      keyframe_interval_ms_(settings.keyframe_interval.count()) {
  if (width <= 0 || height <= 0) throw VideoError(file.string() + ": empty first frame");
  // FFmpeg's per-file statistics would go to the agent's stderr; its errors reach us as codes.
  static std::once_flag quiet;
  std::call_once(quiet, [] { ffmpeg().av_log_set_level(AV_LOG_ERROR); });
  try {
    check(ffmpeg().avformat_alloc_output_context2(&format_, nullptr, muxer_name(container_),
                                                  file.c_str()),
          "choosing the container");
    open_encoder(settings);
    captions_ = std::make_unique<CaptionTrack>(*format_, container_);
    open_container(file, settings);
  } catch (const VideoError& e) {
    release();
    throw VideoError(file.string() + ": " + e.what());
  }
}

void VideoFile::open_encoder(const VideoSettings& settings) {
  std::string codec = settings.codec;
  if (codec.empty()) codec = container_ == Container::kWebm ? "vp9" : "h264";
  const AVCodec* encoder = find_encoder(codec);
  if (encoder == nullptr) {
    throw VideoError("no encoder for \"" + codec + "\" in this FFmpeg (have: " + [] {
      std::string have;
      for (const auto& name : available_codecs()) have += (have.empty() ? "" : ", ") + name;
      return have;
    }() + ")");
  }
  if (container_ == Container::kWebm && codec == "h264") {
    throw VideoError("WebM holds VP9 or AV1, not H.264 (use .mp4 or .mkv)");
  }
  encoder_ = ffmpeg().avcodec_alloc_context3(encoder);
  frame_ = ffmpeg().av_frame_alloc();
  packet_ = ffmpeg().av_packet_alloc();
  if (encoder_ == nullptr || frame_ == nullptr || packet_ == nullptr) {
    throw VideoError("out of memory");
  }
  encoder_->width = width_;
  encoder_->height = height_;
  encoder_->pix_fmt = AV_PIX_FMT_YUV420P;
  encoder_->time_base = kMilliseconds;
  encoder_->framerate = AVRational{settings.max_fps, 1};
  encoder_->max_b_frames = 0;
  // Key frames are forced by time (write_frame); this bound only matters at full motion.
  encoder_->gop_size =
      std::max<int>(1, settings.max_fps * static_cast<int>(keyframe_interval_ms_ / 1000));
  encoder_->colorspace = AVCOL_SPC_SMPTE170M;  // swscale's RGB->YUV matrix
  encoder_->color_range = AVCOL_RANGE_MPEG;
  if (format_->oformat->flags & AVFMT_GLOBALHEADER) {
    encoder_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  }
  set_encoder_options(*encoder_, encoder->name, settings.quality);
  check(ffmpeg().avcodec_open2(encoder_, encoder, nullptr),
        std::string("opening ") + encoder->name);

  frame_->format = AV_PIX_FMT_YUV420P;
  frame_->width = width_;
  frame_->height = height_;
  check(ffmpeg().av_frame_get_buffer(frame_, 0), "frame buffer");
  converter_ = std::make_unique<FrameConverter>(width_, height_);

  stream_ = ffmpeg().avformat_new_stream(format_, nullptr);
  if (stream_ == nullptr) throw VideoError("out of memory");
  stream_->time_base = kMilliseconds;
  check(ffmpeg().avcodec_parameters_from_context(stream_->codecpar, encoder_), "video stream");
}

void VideoFile::open_container(const std::filesystem::path& file, const VideoSettings& settings) {
  check(ffmpeg().avio_open(&format_->pb, file.c_str(), AVIO_FLAG_WRITE), "creating the file");
  // Whatever a muxer writes goes to the kernel at once: a kill loses nothing written.
  format_->flags |= AVFMT_FLAG_FLUSH_PACKETS;
  ffmpeg().av_dict_set(&format_->metadata, "encoder", "mksagent", 0);
  AVDictionary* options = nullptr;
  const std::string fragment_us = std::to_string(settings.fragment.count() * 1000);
  if (container_ == Container::kMp4) {
    // The moov box first (empty), then self-contained fragments (moof + mdat).
    ffmpeg().av_dict_set(&options, "movflags", "+empty_moov+default_base_moof+frag_keyframe", 0);
    ffmpeg().av_dict_set(&options, "frag_duration", fragment_us.c_str(), 0);
    // Milliseconds in both tracks: the muxer compares the text track's end with video
    // timestamps without converting them (it would cut every caption at the next frame).
    ffmpeg().av_dict_set(&options, "video_track_timescale", "1000", 0);
  } else {
    ffmpeg().av_dict_set(&options, "cluster_time_limit",
                         std::to_string(settings.fragment.count()).c_str(), 0);
  }
  const int result = ffmpeg().avformat_write_header(format_, &options);
  ffmpeg().av_dict_free(&options);
  check(result, "writing the header");
  ffmpeg().avio_flush(format_->pb);
}

std::string_view VideoFile::codec_name() const {
  return encoder_ && encoder_->codec ? encoder_->codec->name : "";
}

void VideoFile::write_frame(const Image& image, std::int64_t ms, bool repeat) {
  if (closed_) throw VideoError("video already closed");
  if (ms <= last_ms_) ms = last_ms_ + 1;
  last_ms_ = ms;
  check(ffmpeg().av_frame_make_writable(frame_), "frame buffer");
  converter_->convert(image, *frame_);
  frame_->pts = ms;
  const bool key = last_key_ms_ < 0 || (!repeat && ms - last_key_ms_ >= keyframe_interval_ms_);
  frame_->pict_type = key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  if (key) last_key_ms_ = ms;
  check(ffmpeg().avcodec_send_frame(encoder_, frame_), "encoding a frame");
  ++frames_;
  drain(false);
}

void VideoFile::drain(bool flushing) {
  while (true) {
    const int received = ffmpeg().avcodec_receive_packet(encoder_, packet_);
    if (received == AVERROR(EAGAIN) || received == AVERROR_EOF) return;
    check(received, flushing ? "draining the encoder" : "encoding a frame");
    captions_->advance_to(packet_->dts);  // encoder time base: milliseconds
    ffmpeg().av_packet_rescale_ts(packet_, encoder_->time_base, stream_->time_base);
    packet_->stream_index = stream_->index;
    const int written = ffmpeg().av_write_frame(format_, packet_);
    ffmpeg().av_packet_unref(packet_);
    check(written, "writing the video");
  }
}

void VideoFile::write_caption(std::string_view text, std::int64_t start_ms,
                              std::int64_t duration_ms) {
  if (closed_) throw VideoError("video already closed");
  captions_->show(text, start_ms, duration_ms);
}

void VideoFile::close() {
  if (closed_) return;
  closed_ = true;
  check(ffmpeg().avcodec_send_frame(encoder_, nullptr), "draining the encoder");
  drain(true);
  check(ffmpeg().av_write_trailer(format_), "writing the index");
  check(ffmpeg().avio_closep(&format_->pb), "closing the file");
}

VideoFile::~VideoFile() {
  if (!closed_ && format_ != nullptr && format_->pb != nullptr) {
    try {
      close();
    } catch (const VideoError&) {
      // A destructor cannot report; close() is the call that reports.
    }
  }
  release();
}

void VideoFile::release() {
  if (format_ != nullptr && format_->pb != nullptr) ffmpeg().avio_closep(&format_->pb);
  captions_.reset();
  converter_.reset();
  ffmpeg().av_packet_free(&packet_);
  ffmpeg().av_frame_free(&frame_);
  ffmpeg().avcodec_free_context(&encoder_);
  ffmpeg().avformat_free_context(format_);
  format_ = nullptr;
}

}  // namespace mks::codecs::video
