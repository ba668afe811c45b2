#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/image.h"

namespace mks::codecs {

// Raw (encoding 0): w*h pixels of 4 bytes B,G,R,X. Throws DecodeError when the rectangle
// is outside `fb` or the payload size is not raw_payload_size(r).
std::size_t raw_payload_size(const Rect& r);
void decode_raw(std::span<const std::uint8_t> payload, const Rect& r, Image& fb);

}  // namespace mks::codecs
