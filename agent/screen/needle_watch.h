#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "agent/screen/needle.h"
#include "codecs/image.h"

namespace mks::screen {

// Matches a needle again and again against a changing screen, redoing only the areas the
// screen changed under: an area's result depends only on the screen pixels of its window
// (the area grown by its margin), so while no dirty rectangle touches that window the
// previous result stands. A still screen costs a few rectangle tests per check.
class NeedleWatch {
 public:
  // Throws NeedleError for an invalid needle (see Needle::validate).
  explicit NeedleWatch(Needle needle);

  // `dirty`: the rectangles the screen changed in since the previous check (any order,
  // overlapping or outside the screen is fine). The first check, and any check on a screen of
  // another size than the previous one, matches every area.
  const NeedleMatch& check(const codecs::Image& screen, std::span<const codecs::Rect> dirty);

  const Needle& needle() const { return needle_; }
  const NeedleMatch& last() const { return last_; }
  // Area matches done since construction (the work actually spent), for tests and figures.
  std::size_t areas_rematched() const { return rematched_; }

 private:
  Needle needle_;
  std::vector<AreaMatcher> matchers_;
  NeedleMatch last_;
  bool checked_ = false;
  int width_ = 0;
  int height_ = 0;
  std::size_t rematched_ = 0;
};

}  // namespace mks::screen
