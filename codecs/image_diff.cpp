#include "codecs/image_diff.h"

#include <algorithm>
#include <stdexcept>

namespace mks::codecs {
namespace {

bool tile_differs(const Image& a, const Image& b, const Rect& r) {
  for (int y = r.y; y < r.y + r.h; ++y) {
    const Pixel* pa = a.row(y) + r.x;
    const Pixel* pb = b.row(y) + r.x;
    for (int x = 0; x < r.w; ++x) {
      if (((pa[x] ^ pb[x]) & 0x00FFFFFF) != 0) return true;
    }
  }
  return false;
}

}  // namespace

std::vector<Rect> changed_tiles(const Image& before, const Image& after, int tile) {
  if (before.width() != after.width() || before.height() != after.height()) {
    throw std::invalid_argument("changed_tiles: the frames differ in size");
  }
  tile = std::max(tile, 1);
  std::vector<Rect> out;
  for (int y = 0; y < after.height(); y += tile) {
    const int h = std::min(tile, after.height() - y);
    int run_start = -1;
    for (int x = 0; x < after.width(); x += tile) {
      const bool changed =
          tile_differs(before, after, {x, y, std::min(tile, after.width() - x), h});
      if (changed && run_start < 0) run_start = x;
      if (!changed && run_start >= 0) {
        out.push_back({run_start, y, x - run_start, h});
        run_start = -1;
      }
    }
    if (run_start >= 0) out.push_back({run_start, y, after.width() - run_start, h});
  }
  return out;
}

}  // namespace mks::codecs
