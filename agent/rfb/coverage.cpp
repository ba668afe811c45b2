#include "agent/rfb/coverage.h"

#include <algorithm>
#include <cstring>

namespace mks::rfb {

void Coverage::reset(int width, int height) {
  width_ = width;
  remaining_ = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  painted_.assign(remaining_, 0);
}

void Coverage::mark(const codecs::Rect& r) {
  if (remaining_ == 0 || r.empty()) return;
  for (int y = r.y; y < r.y + r.h; ++y) {
    auto* row = painted_.data() + static_cast<std::size_t>(y) * width_ + r.x;
    remaining_ -= static_cast<std::size_t>(std::count(row, row + r.w, 0));
    std::memset(row, 1, static_cast<std::size_t>(r.w));
  }
}

bool Coverage::covers(const codecs::Rect& r) const {
  if (remaining_ == 0 || r.empty()) return true;
  for (int y = r.y; y < r.y + r.h; ++y) {
    const auto* row = painted_.data() + static_cast<std::size_t>(y) * width_ + r.x;
    if (std::find(row, row + r.w, 0) != row + r.w) return false;
  }
  return true;
}

}  // namespace mks::rfb
