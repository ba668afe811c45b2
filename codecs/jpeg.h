#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "codecs/image.h"

namespace mks::codecs {

// JPEG through libjpeg-turbo. decode throws DecodeError for malformed data or sides over
// Image::kMaxSide.
Image decode_jpeg(std::span<const std::uint8_t> data);
// Decodes straight into the area `at` of `dst`. The JPEG must be exactly at.w x at.h (checked
// from its header before anything is written). Throws DecodeError otherwise.
void decode_jpeg_into(std::span<const std::uint8_t> data, Image& dst, const Rect& at);
// `quality` 1..100; chroma is subsampled 4:2:0 below 90 and kept 4:4:4 from 90 up.
std::vector<std::uint8_t> encode_jpeg(const Image& image, int quality);

}  // namespace mks::codecs
