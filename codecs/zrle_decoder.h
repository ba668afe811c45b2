#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/zlib_framed_decoder.h"

namespace mks::codecs {

// ZRLE (encoding 16, RFC 6143 §7.7.6): u32 length, then zlib data (one stream for the
// connection) holding 64x64 tiles, each raw, solid, packed palette, plain RLE or palette RLE,
// with 3-byte CPIXELs (B,G,R) for the 32-bit depth-24 format the client sets.
class ZrleDecoder : public ZlibFramedDecoder {
 public:
  ZrleDecoder() : ZlibFramedDecoder("ZRLE") {}

 private:
  void draw(std::span<const std::uint8_t> data) override;
};

}  // namespace mks::codecs
