#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/rect_decoder.h"
#include "codecs/zlib_inflater.h"

namespace mks::codecs {

// ZRLE (encoding 16, RFC 6143 §7.7.6): u32 length, then zlib data (one stream for the
// connection) holding 64x64 tiles, each raw, solid, packed palette, plain RLE or palette RLE,
// with 3-byte CPIXELs (B,G,R) for the 32-bit depth-24 format the client sets.
class ZrleDecoder : public RectDecoder {
 public:
  ZrleDecoder() : inflater_("ZRLE") {}
  void begin(const Rect& r, Image& fb) override;
  std::size_t wanted() const override;
  void feed(std::span<const std::uint8_t> bytes) override;

 private:
  enum class Step { kLength, kData, kDone };
  void draw(std::span<const std::uint8_t> data);

  ZlibInflater inflater_;
  Step step_ = Step::kDone;
  Rect rect_;
  Image* fb_ = nullptr;
  std::size_t length_ = 0;
};

}  // namespace mks::codecs
