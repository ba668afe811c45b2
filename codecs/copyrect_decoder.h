#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/image.h"

namespace mks::codecs {

// CopyRect (encoding 1): u16 src-x, u16 src-y; copies the r.w x r.h area at the source to r.
constexpr std::size_t kCopyRectPayloadSize = 4;
void decode_copyrect(std::span<const std::uint8_t> payload, const Rect& r, Image& fb);

}  // namespace mks::codecs
