#include "tools/webmks_sim/tiler.h"

#include <algorithm>
#include <stdexcept>

namespace mks::sim {
namespace {

codecs::Rect intersect(const codecs::Rect& a, const codecs::Rect& b) {
  const int x0 = std::max(a.x, b.x);
  const int y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.x + a.w, b.x + b.w);
  const int y1 = std::min(a.y + a.h, b.y + b.h);
  return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

codecs::Rect unite(const codecs::Rect& a, const codecs::Rect& b) {
  if (a.empty()) return b;
  const int x0 = std::min(a.x, b.x);
  const int y0 = std::min(a.y, b.y);
  const int x1 = std::max(a.x + a.w, b.x + b.w);
  const int y1 = std::max(a.y + a.h, b.y + b.h);
  return {x0, y0, x1 - x0, y1 - y0};
}

}  // namespace

std::vector<codecs::Rect> tile_dirty(std::span<const codecs::Rect> dirty,
                                     const codecs::Rect& bounds, int tile) {
  if (tile <= 0) throw std::invalid_argument("tile size must be positive");
  const int columns = (bounds.w + tile - 1) / tile;
  const int rows = (bounds.h + tile - 1) / tile;
  std::vector<codecs::Rect> boxes(static_cast<std::size_t>(columns) * rows);
  for (const auto& d : dirty) {
    const auto r = intersect(d, bounds);
    if (r.empty()) continue;
    for (int ty = (r.y - bounds.y) / tile; ty * tile < r.y + r.h - bounds.y; ++ty) {
      for (int tx = (r.x - bounds.x) / tile; tx * tile < r.x + r.w - bounds.x; ++tx) {
        const codecs::Rect cell{bounds.x + tx * tile, bounds.y + ty * tile, tile, tile};
        auto& box = boxes[static_cast<std::size_t>(ty) * columns + tx];
        box = unite(box, intersect(intersect(r, cell), bounds));
      }
    }
  }
  std::erase_if(boxes, [](const codecs::Rect& r) { return r.empty(); });
  return boxes;
}

}  // namespace mks::sim
