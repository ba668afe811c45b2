#pragma once

#include <cstdint>
#include <span>

#include "codecs/image.h"

// Tight's basic-compression filters, undone into the framebuffer. `data` holds exactly the
// filtered bytes for r (the decoder checked the size); pixels are TPIXELs R,G,B.
namespace mks::codecs::tight {

void draw_copy(std::span<const std::uint8_t> data, const Rect& r, Image& fb);
// Each byte is the colour minus the prediction left + up - up-left (clamped), per channel.
void draw_gradient(std::span<const std::uint8_t> data, const Rect& r, Image& fb);
// Two colours: 1 bit per pixel, rows padded to a byte, first pixel in the top bit; more:
// one index byte per pixel. An index outside the palette is a DecodeError.
void draw_palette(std::span<const std::uint8_t> data, std::span<const Pixel> palette, const Rect& r,
                  Image& fb);

}  // namespace mks::codecs::tight
