#pragma once

// FFmpeg's functions as the recorder uses them, from libraries opened on the first recording
// (codecs/shared_library.h): `ffmpeg().avcodec_open2(…)`. A function used without being listed
// here is a link error, since the program does not link FFmpeg.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <string>

namespace mks::codecs::video {

// clang-format off
#define MKS_FFMPEG_FUNCTIONS(X) \
  X(av_dict_free) X(av_dict_set) X(av_frame_alloc) X(av_frame_free) X(av_frame_get_buffer) \
  X(av_frame_make_writable) X(av_log_set_level) X(av_mallocz) X(av_new_packet) \
  X(av_opt_set) X(av_packet_alloc) X(av_packet_free) X(av_packet_rescale_ts) \
  X(av_packet_unref) X(av_rescale_q) X(av_strerror) X(av_write_frame) X(av_write_trailer) \
  X(avcodec_alloc_context3) X(avcodec_encode_subtitle) X(avcodec_find_encoder_by_name) \
  X(avcodec_free_context) X(avcodec_open2) X(avcodec_parameters_from_context) \
  X(avcodec_receive_packet) X(avcodec_send_frame) X(avformat_alloc_output_context2) \
  X(avformat_free_context) X(avformat_new_stream) X(avformat_write_header) X(avio_closep) \
  X(avio_flush) X(avio_open) X(sws_freeContext) X(sws_getCachedContext) X(sws_scale)
// clang-format on

struct FfmpegFunctions {
#define MKS_FFMPEG_MEMBER(name) decltype(&::name) name;
  MKS_FFMPEG_FUNCTIONS(MKS_FFMPEG_MEMBER)
#undef MKS_FFMPEG_MEMBER
};

// Opens libavformat, libavcodec, libavutil and libswscale on first use (once per process);
// throws MissingLibraryError with the one line to show when they are not installed.
const FfmpegFunctions& ffmpeg();

// The FFmpeg release the program was built against, e.g. "5.1.9-0+deb12u1" (no loading).
std::string ffmpeg_build_version();

}  // namespace mks::codecs::video
