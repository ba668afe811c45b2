#pragma once
// Reads a video back with FFmpeg's decoders, for tests of what the recorder wrote.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "codecs/image.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

namespace mks::test {

struct DecodedVideo {
  bool opened = false;
  int width = 0;
  int height = 0;
  std::string codec;  // "h264"
  std::vector<std::int64_t> frame_ms;
  int key_frames = 0;  // video packets flagged as key frames
  std::vector<codecs::Image> frames;
  std::vector<std::pair<std::int64_t, std::string>> captions;  // start ms, text
};

inline codecs::Image to_image(const AVFrame& frame) {
  codecs::Image image(frame.width, frame.height);
  SwsContext* sws =
      sws_getContext(frame.width, frame.height, static_cast<AVPixelFormat>(frame.format),
                     frame.width, frame.height, AV_PIX_FMT_BGR0,
                     SWS_POINT | SWS_FULL_CHR_H_INT | SWS_ACCURATE_RND, nullptr, nullptr, nullptr);
  std::uint8_t* planes[1] = {reinterpret_cast<std::uint8_t*>(image.pixels().data())};
  const int strides[1] = {frame.width * 4};
  sws_scale(sws, frame.data, frame.linesize, 0, frame.height, planes, strides);
  sws_freeContext(sws);
  return image;
}

// The Text field of an ASS dialogue line "ReadOrder,Layer,Style,Name,MarginL,MarginR,
// MarginV,Effect,Text".
inline std::string caption_text(const char* dialogue) {
  if (dialogue == nullptr) return {};
  std::string_view rest(dialogue);
  for (int field = 0; field < 8 && rest.find(',') != std::string_view::npos; ++field) {
    rest.remove_prefix(rest.find(',') + 1);
  }
  return std::string(rest);
}

// Decodes every frame it can; a file cut short ends where the cut is.
inline DecodedVideo decode_video(const std::filesystem::path& file) {
  DecodedVideo out;
  AVFormatContext* format = nullptr;
  if (avformat_open_input(&format, file.c_str(), nullptr, nullptr) < 0) return out;
  avformat_find_stream_info(format, nullptr);
  out.opened = true;
  std::vector<AVCodecContext*> decoders(format->nb_streams, nullptr);
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVCodecParameters* par = format->streams[i]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (codec == nullptr) continue;
    decoders[i] = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(decoders[i], par);
    decoders[i]->pkt_timebase = format->streams[i]->time_base;
    avcodec_open2(decoders[i], codec, nullptr);
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
      out.width = par->width;
      out.height = par->height;
      out.codec = avcodec_get_name(par->codec_id);
    }
  }
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  const auto ms = [&](std::int64_t ts, int stream) {
    return av_rescale_q(ts, format->streams[stream]->time_base, AVRational{1, 1000});
  };
  const auto take_frames = [&](int stream) {
    while (avcodec_receive_frame(decoders[stream], frame) == 0) {
      out.frame_ms.push_back(ms(frame->best_effort_timestamp, stream));
      out.frames.push_back(to_image(*frame));
    }
  };
  int video_stream = -1;
  while (av_read_frame(format, packet) >= 0) {
    const int index = packet->stream_index;
    AVCodecContext* decoder = decoders[index];
    if (decoder != nullptr && decoder->codec_type == AVMEDIA_TYPE_VIDEO) {
      video_stream = index;
      if (packet->flags & AV_PKT_FLAG_KEY) ++out.key_frames;
      avcodec_send_packet(decoder, packet);
      take_frames(index);
    } else if (decoder != nullptr && decoder->codec_type == AVMEDIA_TYPE_SUBTITLE) {
      AVSubtitle subtitle{};
      int got = 0;
      if (avcodec_decode_subtitle2(decoder, &subtitle, &got, packet) >= 0 && got) {
        for (unsigned r = 0; r < subtitle.num_rects; ++r) {
          // A caption spans several samples (one per video frame): keep its first.
          const std::string text = caption_text(subtitle.rects[r]->ass);
          if (out.captions.empty() || out.captions.back().second != text) {
            out.captions.emplace_back(ms(packet->pts, index), text);
          }
        }
        avsubtitle_free(&subtitle);
      }
    }
    av_packet_unref(packet);
  }
  if (video_stream >= 0) {
    avcodec_send_packet(decoders[video_stream], nullptr);
    take_frames(video_stream);
  }
  av_frame_free(&frame);
  av_packet_free(&packet);
  for (auto*& decoder : decoders) avcodec_free_context(&decoder);
  avformat_close_input(&format);
  return out;
}

}  // namespace mks::test
