#include "codecs/copyrect_decoder.h"

#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("CopyRect: " + what);
}

}  // namespace

void decode_copyrect(std::span<const std::uint8_t> payload, const Rect& r, Image& fb) {
  if (payload.size() != kCopyRectPayloadSize) {
    fail("payload is " + std::to_string(payload.size()) + " bytes, expected 4");
  }
  if (!fb.contains(r)) fail("destination rectangle outside the framebuffer");
  const Rect source{load_be16(&payload[0]), load_be16(&payload[2]), r.w, r.h};
  if (!fb.contains(source)) fail("source rectangle outside the framebuffer");
  fb.copy_within(source, r.x, r.y);
}

}  // namespace mks::codecs
