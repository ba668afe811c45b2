#pragma once

#include "codecs/decode_error.h"
#include "codecs/rect_decoder.h"
#include "tests/fuzz/fuzz_input.h"

namespace mks::fuzz {

// Rectangles one after another through one decoder (its zlib streams live on between them,
// as on a connection): a framebuffer, then per rectangle its x, y, w, h and whatever the
// decoder asks for. A DecodeError ends the connection, as the client does.
inline int decode_rectangles(codecs::RectDecoder& decoder, FuzzInput& in) {
  codecs::Image fb = in.framebuffer();
  try {
    while (!in.empty()) {
      decoder.begin(in.rect(), fb);
      while (decoder.wanted() > 0) {
        const std::size_t wanted = decoder.wanted();
        const auto part = in.take(wanted);
        if (part.size() < wanted) return 0;  // the connection ended mid-rectangle
        decoder.feed(part);
      }
    }
  } catch (const codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}

}  // namespace mks::fuzz
