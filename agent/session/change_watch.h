#pragma once

#include <span>
#include <vector>

#include "codecs/image.h"

namespace mks::session {

// The parts of the screen that changed since its owner last looked: a wait reads or
// matches only there. Starts as "everything changed"; a resize means everything again.
class ChangeWatch {
 public:
  // Beyond this many rectangles they are merged into their bounding box.
  static constexpr std::size_t kMaxRects = 64;

  bool changed() const { return everything_ || !rects_.empty(); }
  bool everything() const { return everything_; }
  // The changed rectangles (the whole `screen` when everything changed), then forgets them.
  std::vector<codecs::Rect> take(const codecs::Image& screen);

  void add(std::span<const codecs::Rect> rects);
  void mark_everything();

 private:
  std::vector<codecs::Rect> rects_;
  bool everything_ = true;
};

}  // namespace mks::session
