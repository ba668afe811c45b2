#pragma once

#include <cstdint>

#include "codecs/image.h"

namespace mks::codecs::testing {

// An image whose every pixel differs from its neighbours, so PNG and JPEG have real work and
// a misplaced row or column shows.
inline Image varied_image(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      image.set(x, y,
                rgb(static_cast<std::uint8_t>(x * 7), static_cast<std::uint8_t>(y * 13),
                    static_cast<std::uint8_t>(x ^ y)));
    }
  }
  return image;
}

}  // namespace mks::codecs::testing
