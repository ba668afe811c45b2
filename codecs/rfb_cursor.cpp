#include "codecs/rfb_cursor.h"

#include <algorithm>
#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr int kMaxCursorSide = 256;

void check_size(const char* what, const Rect& r) {
  if (r.w < 0 || r.h < 0 || r.w > kMaxCursorSide || r.h > kMaxCursorSide) {
    throw DecodeError(std::string(what) + ": cursor " + std::to_string(r.w) + "x" +
                      std::to_string(r.h) + " is larger than 256x256");
  }
}

void check_payload(const char* what, std::span<const std::uint8_t> payload, std::size_t size) {
  if (payload.size() != size) {
    throw DecodeError(std::string(what) + ": payload is " + std::to_string(payload.size()) +
                      " bytes, expected " + std::to_string(size));
  }
}

std::size_t pixel_bytes(const Rect& r) {
  return std::size_t(r.w) * std::size_t(r.h) * 4;
}

std::uint8_t unpremultiply(std::uint8_t channel, std::uint8_t alpha) {
  if (alpha == 0) return 0;
  return static_cast<std::uint8_t>(std::min(255, channel * 255 / alpha));
}

}  // namespace

std::size_t rich_cursor_payload_size(const Rect& r) {
  check_size("Cursor", r);
  return pixel_bytes(r) + (std::size_t(r.w) + 7) / 8 * std::size_t(r.h);
}

CursorShape decode_rich_cursor(std::span<const std::uint8_t> payload, const Rect& r) {
  check_payload("Cursor", payload, rich_cursor_payload_size(r));
  CursorShape cursor{Image(r.w, r.h), r.x, r.y};
  const std::uint8_t* mask = payload.data() + pixel_bytes(r);
  const std::size_t mask_row = (std::size_t(r.w) + 7) / 8;
  for (int y = 0; y < r.h; ++y) {
    for (int x = 0; x < r.w; ++x) {
      const bool opaque = (mask[y * mask_row + x / 8] >> (7 - x % 8)) & 1;
      const Pixel p = load_bgrx(payload.data() + (std::size_t(y) * r.w + x) * 4) & 0xFFFFFF;
      cursor.image.set(x, y, opaque ? (p | 0xFF000000) : 0);
    }
  }
  return cursor;
}

std::size_t alpha_cursor_payload_size(const Rect& r) {
  check_size("Cursor With Alpha", r);
  return pixel_bytes(r);
}

CursorShape decode_alpha_cursor(std::span<const std::uint8_t> payload, const Rect& r) {
  check_payload("Cursor With Alpha", payload, alpha_cursor_payload_size(r));
  CursorShape cursor{Image(r.w, r.h), r.x, r.y};
  for (int y = 0; y < r.h; ++y) {
    for (int x = 0; x < r.w; ++x) {
      const std::uint8_t* p = payload.data() + (std::size_t(y) * r.w + x) * 4;
      const std::uint8_t a = p[3];
      cursor.image.set(x, y,
                       (Pixel{a} << 24) | rgb(unpremultiply(p[0], a), unpremultiply(p[1], a),
                                              unpremultiply(p[2], a)));
    }
  }
  return cursor;
}

}  // namespace mks::codecs
