#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codecs/zlib_framed_decoder.h"

namespace mks::codecs {

// Zlib (encoding 6, RFC 6143 §7.7.x / rfbproto "Zlib"): u32 length, then that many bytes of
// one connection-wide zlib stream that inflate to exactly w*h Raw pixels.
class ZlibDecoder : public ZlibFramedDecoder {
 public:
  ZlibDecoder() : ZlibFramedDecoder("Zlib") {}

 private:
  void draw(std::span<const std::uint8_t> data) override;
  std::vector<std::uint8_t> pixels_;
};

}  // namespace mks::codecs
