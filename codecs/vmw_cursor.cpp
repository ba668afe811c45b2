#include "codecs/vmw_cursor.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr std::uint8_t kTypeAndXor = 0;
constexpr std::uint8_t kTypeAlpha = 1;
constexpr int kMaxCursorSide = 256;
constexpr std::size_t kBytesPerPixel = 4;
constexpr Pixel kOpaque = 0xFF000000;
constexpr std::uint32_t kAllOnes = 0xFFFFFFFF;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("VMWDefineCursor: " + what);
}

// docs/webmks-protocol.md §3.2: a pixel whose AND mask is all ones is transparent when its
// XOR value is zero and drawn opaque black otherwise (there is no screen-invert); any other
// pixel is the opaque XOR colour.
Pixel and_xor_pixel(std::uint32_t and_mask, std::uint32_t xor_value) {
  if (and_mask == kAllOnes) return xor_value == 0 ? 0 : kOpaque;
  return (xor_value & 0x00FFFFFF) | kOpaque;
}

std::uint32_t load_le32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;  // pixel data is little-endian (B,G,R,X); the agent only runs on little-endian
}

void decode_and_xor(std::span<const std::uint8_t> pixels, Image& image) {
  const std::size_t count = image.pixels().size();
  const std::uint8_t* and_mask = pixels.data();
  const std::uint8_t* xor_values = and_mask + count * kBytesPerPixel;
  Pixel* out = image.pixels().data();
  for (std::size_t i = 0; i < count; ++i) {
    out[i] = and_xor_pixel(load_le32(and_mask + i * kBytesPerPixel),
                           load_le32(xor_values + i * kBytesPerPixel));
  }
}

std::uint8_t blend(std::uint8_t src, std::uint8_t dst, unsigned a) {
  return static_cast<std::uint8_t>((src * a + dst * (255 - a) + 127) / 255);
}

Pixel blend_pixel(Pixel src, Pixel dst) {
  const unsigned a = alpha(src);
  if (a == 255) return (src & 0x00FFFFFF) | (dst & 0xFF000000);
  if (a == 0) return dst;
  return (dst & 0xFF000000) | rgb(blend(red(src), red(dst), a), blend(green(src), green(dst), a),
                                  blend(blue(src), blue(dst), a));
}

}  // namespace

std::size_t vmw_define_cursor_payload_size(std::uint8_t type, const Rect& r) {
  if (r.w < 0 || r.h < 0 || r.w > kMaxCursorSide || r.h > kMaxCursorSide) {
    fail("cursor size " + std::to_string(r.w) + "x" + std::to_string(r.h) + " over " +
         std::to_string(kMaxCursorSide) + "x" + std::to_string(kMaxCursorSide));
  }
  const std::size_t plane = static_cast<std::size_t>(r.w) * r.h * kBytesPerPixel;
  if (type == kTypeAndXor) return kVmwDefineCursorHeaderSize + 2 * plane;
  if (type == kTypeAlpha) return kVmwDefineCursorHeaderSize + plane;
  fail("unknown cursor type " + std::to_string(type));
}

CursorShape decode_vmw_define_cursor(std::span<const std::uint8_t> payload, const Rect& r) {
  if (payload.size() < kVmwDefineCursorHeaderSize) fail("truncated header");
  const std::uint8_t type = payload[0];
  const std::size_t expected = vmw_define_cursor_payload_size(type, r);
  if (payload.size() != expected) {
    fail("payload is " + std::to_string(payload.size()) + " bytes, expected " +
         std::to_string(expected));
  }
  CursorShape shape{Image(r.w, r.h), r.x, r.y};
  const auto pixels = payload.subspan(kVmwDefineCursorHeaderSize);
  if (type == kTypeAndXor) {
    decode_and_xor(pixels, shape.image);
  } else if (!pixels.empty()) {
    std::memcpy(shape.image.pixels().data(), pixels.data(), pixels.size());
  }
  return shape;
}

void draw_cursor(Image& fb, const CursorShape& cursor, int x, int y) {
  const Image& image = cursor.image;
  const std::int64_t left = std::int64_t{x} - cursor.hotspot_x;
  const std::int64_t top = std::int64_t{y} - cursor.hotspot_y;
  const std::int64_t x0 = std::max<std::int64_t>(left, 0);
  const std::int64_t y0 = std::max<std::int64_t>(top, 0);
  const std::int64_t x1 = std::min<std::int64_t>(left + image.width(), fb.width());
  const std::int64_t y1 = std::min<std::int64_t>(top + image.height(), fb.height());
  for (std::int64_t fy = y0; fy < y1; ++fy) {
    const Pixel* src = image.row(static_cast<int>(fy - top));
    Pixel* dst = fb.row(static_cast<int>(fy));
    for (std::int64_t fx = x0; fx < x1; ++fx) {
      dst[fx] = blend_pixel(src[fx - left], dst[fx]);
    }
  }
}

}  // namespace mks::codecs
