#include "codecs/tightpng_decoder.h"

#include <stdexcept>
#include <string>

#include "codecs/decode_error.h"
#include "codecs/jpeg.h"
#include "codecs/png.h"

namespace mks::codecs::tightpng {
namespace {

constexpr std::size_t kMaxCompactLength = 0x3FFFFF;  // 7 + 7 + 8 bits
constexpr std::size_t kFillPayloadSize = 4;          // control + R, G, B

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("TightPNG: " + what);
}

std::string rect_text(const Rect& r) {
  return std::to_string(r.w) + "x" + std::to_string(r.h) + "+" + std::to_string(r.x) + "+" +
         std::to_string(r.y);
}

void decode_fill(std::span<const std::uint8_t> payload, const Rect& r, Image& fb) {
  if (payload.size() < kFillPayloadSize) fail("truncated fill colour");
  if (payload.size() > kFillPayloadSize) fail("trailing bytes after fill colour");
  fb.fill(r, rgb(payload[1], payload[2], payload[3]));
}

std::span<const std::uint8_t> image_data(std::span<const std::uint8_t> payload) {
  const auto length = read_compact_length(payload.subspan(1));
  if (!length) fail("truncated compact length");
  if (length->value > kMaxDataLength) fail("image data too large");
  const std::size_t header = 1 + length->size;
  const std::size_t available = payload.size() - header;
  if (available < length->value) {
    fail("truncated image data (" + std::to_string(available) + " of " +
         std::to_string(length->value) + " bytes)");
  }
  if (available > length->value) fail("trailing bytes after image data");
  return payload.subspan(header, length->value);
}

void decode_image(std::span<const std::uint8_t> payload, const Rect& r, Image& fb, bool png) {
  const auto data = image_data(payload);
  try {
    if (png) {
      decode_png_into(data, fb, r);
    } else {
      decode_jpeg_into(data, fb, r);
    }
  } catch (const DecodeError& e) {
    fail(e.what());
  }
}

}  // namespace

std::optional<CompactLength> read_compact_length(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return std::nullopt;
  std::size_t value = bytes[0] & 0x7F;
  if ((bytes[0] & 0x80) == 0) return CompactLength{value, 1};
  if (bytes.size() < 2) return std::nullopt;
  value |= std::size_t{bytes[1] & 0x7Fu} << 7;
  if ((bytes[1] & 0x80) == 0) return CompactLength{value, 2};
  if (bytes.size() < 3) return std::nullopt;
  value |= std::size_t{bytes[2]} << 14;
  return CompactLength{value, 3};
}

void append_compact_length(std::vector<std::uint8_t>& out, std::size_t length) {
  if (length > kMaxCompactLength) {
    throw std::length_error("TightPNG: length " + std::to_string(length) +
                            " exceeds the compact length limit");
  }
  out.push_back(static_cast<std::uint8_t>((length & 0x7F) | (length > 0x7F ? 0x80 : 0)));
  if (length <= 0x7F) return;
  out.push_back(static_cast<std::uint8_t>(((length >> 7) & 0x7F) | (length > 0x3FFF ? 0x80 : 0)));
  if (length <= 0x3FFF) return;
  out.push_back(static_cast<std::uint8_t>(length >> 14));
}

void decode(std::span<const std::uint8_t> payload, const Rect& r, Image& fb) {
  if (!fb.contains(r)) {
    fail("rectangle " + rect_text(r) + " outside the " + std::to_string(fb.width()) + "x" +
         std::to_string(fb.height()) + " framebuffer");
  }
  if (payload.empty()) fail("missing control byte");
  const std::uint8_t control = payload[0] & 0xF0;
  if (control == kFill) return decode_fill(payload, r, fb);
  if (control == kDiffJpeg) fail("diff-JPEG not supported (TightDiffComp is not announced)");
  // Like VMware's client, every other control value means JPEG.
  decode_image(payload, r, fb, control == kPng);
}

}  // namespace mks::codecs::tightpng
