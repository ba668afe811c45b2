#pragma once

#include <cstdint>
#include <vector>

#include "codecs/image.h"
#include "codecs/png.h"

namespace mks::codecs::tightpng {

// Encodes rectangle `r` of `image` as a TightPNG payload (control byte included): fill when
// every pixel has one colour, PNG otherwise. `r` must lie inside the image.
std::vector<std::uint8_t> encode(const Image& image, const Rect& r,
                                 const PngEncodeOptions& png_options = {});

}  // namespace mks::codecs::tightpng
