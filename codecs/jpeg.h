#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "codecs/image.h"

namespace mks::codecs {

// JPEG through libjpeg-turbo. decode throws DecodeError for malformed data or sides over
// Image::kMaxSide.
Image decode_jpeg(std::span<const std::uint8_t> data);
std::vector<std::uint8_t> encode_jpeg(const Image& image, int quality);

}  // namespace mks::codecs
