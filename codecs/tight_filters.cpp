#include "codecs/tight_filters.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs::tight {
namespace {

constexpr std::size_t kTpixelSize = 3;

}  // namespace

void draw_copy(std::span<const std::uint8_t> data, const Rect& r, Image& fb) {
  const std::uint8_t* p = data.data();
  for (int y = 0; y < r.h; ++y) {
    Pixel* row = fb.row(r.y + y) + r.x;
    for (int x = 0; x < r.w; ++x, p += kTpixelSize) row[x] = load_rgb(p);
  }
}

void draw_gradient(std::span<const std::uint8_t> data, const Rect& r, Image& fb) {
  const std::size_t row_bytes = std::size_t(r.w) * kTpixelSize;
  std::vector<std::uint8_t> above(row_bytes, 0), current(row_bytes, 0);
  const std::uint8_t* p = data.data();
  for (int y = 0; y < r.h; ++y) {
    for (std::size_t i = 0; i < row_bytes; ++i, ++p) {
      const int left = i >= kTpixelSize ? current[i - kTpixelSize] : 0;
      const int up_left = i >= kTpixelSize ? above[i - kTpixelSize] : 0;
      const int prediction = std::clamp(left + above[i] - up_left, 0, 255);
      current[i] = static_cast<std::uint8_t>(*p + prediction);
    }
    draw_copy(current, {r.x, r.y + y, r.w, 1}, fb);
    std::swap(above, current);
  }
}

void draw_palette(std::span<const std::uint8_t> data, std::span<const Pixel> palette, const Rect& r,
                  Image& fb) {
  const std::uint8_t* p = data.data();
  if (palette.size() == 2) {
    const std::size_t row_bytes = (std::size_t(r.w) + 7) / 8;
    for (int y = 0; y < r.h; ++y, p += row_bytes) {
      Pixel* row = fb.row(r.y + y) + r.x;
      for (int x = 0; x < r.w; ++x) row[x] = palette[(p[x / 8] >> (7 - x % 8)) & 1];
    }
    return;
  }
  for (int y = 0; y < r.h; ++y) {
    Pixel* row = fb.row(r.y + y) + r.x;
    for (int x = 0; x < r.w; ++x, ++p) {
      if (*p >= palette.size()) {
        throw DecodeError("Tight: palette index " + std::to_string(*p) + " outside a palette of " +
                          std::to_string(palette.size()) + " colours");
      }
      row[x] = palette[*p];
    }
  }
}

}  // namespace mks::codecs::tight
