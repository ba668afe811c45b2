#include "codecs/rect_decoder.h"

#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {

void decode_whole(RectDecoder& decoder, std::span<const std::uint8_t> payload, const Rect& r,
                  Image& fb) {
  decoder.begin(r, fb);
  std::size_t offset = 0;
  while (const std::size_t n = decoder.wanted()) {
    if (payload.size() - offset < n) {
      throw DecodeError("truncated payload (" + std::to_string(payload.size()) +
                        " bytes, more needed after byte " + std::to_string(offset) + ")");
    }
    decoder.feed(payload.subspan(offset, n));
    offset += n;
  }
  if (offset != payload.size()) {
    throw DecodeError(std::to_string(payload.size() - offset) + " bytes left after the rectangle");
  }
}

std::string rect_text(const Rect& r) {
  return std::to_string(r.w) + "x" + std::to_string(r.h) + "+" + std::to_string(r.x) + "+" +
         std::to_string(r.y);
}

void require_inside(const char* encoding, const Rect& r, const Image& fb) {
  if (fb.contains(r)) return;
  throw DecodeError(std::string(encoding) + ": rectangle " + rect_text(r) + " outside the " +
                    std::to_string(fb.width()) + "x" + std::to_string(fb.height()) +
                    " framebuffer");
}

}  // namespace mks::codecs
