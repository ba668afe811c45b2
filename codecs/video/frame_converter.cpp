#include "codecs/video/frame_converter.h"

#include <algorithm>
#include <cstring>

#include "codecs/video/ffmpeg_library.h"
#include "codecs/video/video_settings.h"

namespace mks::codecs::video {
namespace {

constexpr int kBlackY = 16;  // limited-range video black
constexpr int kBlackChroma = 128;

void fill_plane(AVFrame& frame, int plane, int rows, int value) {
  for (int y = 0; y < rows; ++y) {
    std::memset(frame.data[plane] + static_cast<std::ptrdiff_t>(y) * frame.linesize[plane], value,
                static_cast<std::size_t>(frame.linesize[plane]));
  }
}

}  // namespace

int even_up(int side) {
  return side + (side & 1);
}

FrameConverter::FrameConverter(int width, int height) : width_(width), height_(height) {}

FrameConverter::~FrameConverter() {
  ffmpeg().sws_freeContext(sws_);
}

Rect FrameConverter::placement(int image_width, int image_height) const {
  // The first size fills the output (an odd side is stretched by one pixel to even).
  if ((image_width == width_ || image_width + 1 == width_) &&
      (image_height == height_ || image_height + 1 == height_)) {
    return {0, 0, width_, height_};
  }
  // Another size: fit inside, keep the aspect ratio, even sizes and offsets (4:2:0).
  const double scale = std::min(static_cast<double>(width_) / image_width,
                                static_cast<double>(height_) / image_height);
  const int w = std::max(2, static_cast<int>(image_width * scale) & ~1);
  const int h = std::max(2, static_cast<int>(image_height * scale) & ~1);
  return {((width_ - w) / 2) & ~1, ((height_ - h) / 2) & ~1, w, h};
}

void FrameConverter::convert(const Image& image, AVFrame& frame) {
  const Rect place = placement(image.width(), image.height());
  // A new size leaves other parts of the frame uncovered: start from black. The caller keeps
  // one frame (av_frame_make_writable keeps its contents), so the black stays.
  if (image.width() != last_image_width_ || image.height() != last_image_height_) {
    fill_plane(frame, 0, height_, kBlackY);
    fill_plane(frame, 1, height_ / 2, kBlackChroma);
    fill_plane(frame, 2, height_ / 2, kBlackChroma);
    last_image_width_ = image.width();
    last_image_height_ = image.height();
  }
  sws_ = ffmpeg().sws_getCachedContext(sws_, image.width(), image.height(), AV_PIX_FMT_BGR0,
                                       place.w, place.h, AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr,
                                       nullptr, nullptr);
  if (sws_ == nullptr) throw VideoError("cannot set up the colour conversion");

  const auto* source = reinterpret_cast<const std::uint8_t*>(image.pixels().data());
  const std::uint8_t* const src_planes[1] = {source};
  const int src_strides[1] = {image.width() * 4};
  std::uint8_t* const dst_planes[3] = {
      frame.data[0] + static_cast<std::ptrdiff_t>(place.y) * frame.linesize[0] + place.x,
      frame.data[1] + static_cast<std::ptrdiff_t>(place.y / 2) * frame.linesize[1] + place.x / 2,
      frame.data[2] + static_cast<std::ptrdiff_t>(place.y / 2) * frame.linesize[2] + place.x / 2};
  ffmpeg().sws_scale(sws_, src_planes, src_strides, 0, image.height(), dst_planes, frame.linesize);
}

}  // namespace mks::codecs::video
