#pragma once

#include <cstdint>
#include <vector>

#include "codecs/image.h"

namespace mks::rfb {

// Which framebuffer pixels the server has painted since connect or the last resize: a
// screenshot is only taken from a full frame.
class Coverage {
 public:
  void reset(int width, int height);
  // Marks r (already checked to lie inside the framebuffer) as painted.
  void mark(const codecs::Rect& r);
  // Whether every pixel of r (inside the framebuffer) has been painted.
  bool covers(const codecs::Rect& r) const;
  bool complete() const { return remaining_ == 0; }
  // Nothing painted yet.
  bool empty() const { return remaining_ == painted_.size(); }
  std::size_t remaining() const { return remaining_; }

 private:
  int width_ = 0;
  std::vector<std::uint8_t> painted_;
  std::size_t remaining_ = 0;
};

}  // namespace mks::rfb
