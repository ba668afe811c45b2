#include "agent/session/change_watch.h"

#include <algorithm>

namespace mks::session {

std::vector<codecs::Rect> ChangeWatch::take(const codecs::Image& screen) {
  std::vector<codecs::Rect> out;
  if (everything_) {
    out.push_back({0, 0, screen.width(), screen.height()});
  } else {
    out.swap(rects_);
  }
  rects_.clear();
  everything_ = false;
  return out;
}

void ChangeWatch::add(std::span<const codecs::Rect> rects) {
  if (everything_) return;
  rects_.insert(rects_.end(), rects.begin(), rects.end());
  if (rects_.size() <= kMaxRects) return;
  int x0 = rects_[0].x, y0 = rects_[0].y, x1 = x0 + rects_[0].w, y1 = y0 + rects_[0].h;
  for (const auto& r : rects_) {
    x0 = std::min(x0, r.x);
    y0 = std::min(y0, r.y);
    x1 = std::max(x1, r.x + r.w);
    y1 = std::max(y1, r.y + r.h);
  }
  rects_.assign(1, codecs::Rect{x0, y0, x1 - x0, y1 - y0});
}

void ChangeWatch::mark_everything() {
  everything_ = true;
  rects_.clear();
}

}  // namespace mks::session
