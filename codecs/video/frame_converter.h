#pragma once

extern "C" {
#include <libavutil/frame.h>
}

#include "codecs/image.h"

struct SwsContext;

namespace mks::codecs::video {

// Turns framebuffer images into YUV 4:2:0 frames of one fixed size. An image of another size
// (the guest changed resolution) is scaled to fit, keeping its aspect ratio, and centred on
// black: one file, one size, never a corrupt stream.
class FrameConverter {
 public:
  FrameConverter(int width, int height);
  ~FrameConverter();
  FrameConverter(const FrameConverter&) = delete;
  FrameConverter& operator=(const FrameConverter&) = delete;

  // Fills `frame` (allocated by the caller: width x height, AV_PIX_FMT_YUV420P, writable).
  void convert(const Image& image, AVFrame& frame);

  // Where an image of the given size lands inside the output (even offsets and sizes).
  Rect placement(int image_width, int image_height) const;

 private:
  int width_;
  int height_;
  SwsContext* sws_ = nullptr;
  int last_image_width_ = 0;
  int last_image_height_ = 0;
};

// The output size for a first frame: even sides (4:2:0 needs them), rounded up.
int even_up(int side);

}  // namespace mks::codecs::video
