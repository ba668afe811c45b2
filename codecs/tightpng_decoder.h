#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "codecs/image.h"

// VMware's TightPNG (encoding -260), docs/webmks-protocol.md §3.2: a control byte whose
// high nibble selects fill (R,G,B), JPEG or PNG (compact length + image of exactly w x h).
namespace mks::codecs::tightpng {

constexpr std::uint8_t kFill = 0x80;
constexpr std::uint8_t kJpeg = 0x90;
constexpr std::uint8_t kPng = 0xA0;
constexpr std::uint8_t kDiffJpeg = 0xB0;

// Largest image payload accepted (a 16384x16384 PNG is far smaller in practice).
constexpr std::size_t kMaxDataLength = 64 * 1024 * 1024;

struct CompactLength {
  std::size_t value = 0;
  std::size_t size = 0;  // bytes the length itself took (1-3)
};
// Reads Tight's compact length from the start of `bytes`; nullopt when more bytes are needed.
std::optional<CompactLength> read_compact_length(std::span<const std::uint8_t> bytes);
void append_compact_length(std::vector<std::uint8_t>& out, std::size_t length);

// `payload` is the whole rectangle payload starting with the control byte. Draws into `fb`;
// throws DecodeError for anything malformed, truncated, trailing, oversized or outside `fb`.
void decode(std::span<const std::uint8_t> payload, const Rect& r, Image& fb);

}  // namespace mks::codecs::tightpng
