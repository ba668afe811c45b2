#include "codecs/raw_decoder.h"

#include <cstring>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr std::size_t kBytesPerPixel = 4;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("Raw: " + what);
}

}  // namespace

std::size_t raw_payload_size(const Rect& r) {
  if (r.w < 0 || r.h < 0) fail("negative rectangle size");
  return static_cast<std::size_t>(r.w) * static_cast<std::size_t>(r.h) * kBytesPerPixel;
}

void decode_raw(std::span<const std::uint8_t> payload, const Rect& r, Image& fb) {
  if (!fb.contains(r)) fail("rectangle outside the framebuffer");
  const std::size_t expected = raw_payload_size(r);
  if (payload.size() != expected) {
    fail("payload is " + std::to_string(payload.size()) + " bytes, expected " +
         std::to_string(expected));
  }
  if (r.empty()) return;
  const std::size_t row_bytes = static_cast<std::size_t>(r.w) * kBytesPerPixel;
  for (int y = 0; y < r.h; ++y) {
    std::memcpy(fb.row(r.y + y) + r.x, payload.data() + static_cast<std::size_t>(y) * row_bytes,
                row_bytes);
  }
}

}  // namespace mks::codecs
