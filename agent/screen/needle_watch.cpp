#include "agent/screen/needle_watch.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace mks::screen {
namespace {

bool intersects(const codecs::Rect& a, const codecs::Rect& b) {
  if (a.empty() || b.empty()) return false;
  // 64-bit: rectangles from the wire may sit near INT_MAX.
  return std::int64_t{a.x} < std::int64_t{b.x} + b.w &&
         std::int64_t{b.x} < std::int64_t{a.x} + a.w &&
         std::int64_t{a.y} < std::int64_t{b.y} + b.h && std::int64_t{b.y} < std::int64_t{a.y} + a.h;
}

}  // namespace

NeedleWatch::NeedleWatch(Needle needle) : needle_(std::move(needle)) {
  needle_.validate();
  for (const auto& area : needle_.effective_areas()) {
    matchers_.emplace_back(needle_.reference, area);
  }
  last_.name = needle_.name;
  last_.areas.resize(matchers_.size());
}

const NeedleMatch& NeedleWatch::check(const codecs::Image& screen,
                                      std::span<const codecs::Rect> dirty) {
  const bool everything = !checked_ || screen.width() != width_ || screen.height() != height_;
  checked_ = true;
  width_ = screen.width();
  height_ = screen.height();
  last_.ok = true;
  for (std::size_t i = 0; i < matchers_.size(); ++i) {
    const auto window = matchers_[i].window();
    const bool touched = everything || std::any_of(dirty.begin(), dirty.end(), [&](const auto& r) {
                           return intersects(r, window);
                         });
    if (touched) {
      last_.areas[i] = matchers_[i].match(screen);
      ++rematched_;
    }
    last_.ok = last_.ok && last_.areas[i].ok;
  }
  return last_;
}

}  // namespace mks::screen
