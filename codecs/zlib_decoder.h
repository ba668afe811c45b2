#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codecs/rect_decoder.h"
#include "codecs/zlib_inflater.h"

namespace mks::codecs {

// Zlib (encoding 6, RFC 6143 §7.7.x / rfbproto "Zlib"): u32 length, then that many bytes of
// one connection-wide zlib stream that inflate to exactly w*h Raw pixels.
class ZlibDecoder : public RectDecoder {
 public:
  ZlibDecoder() : inflater_("Zlib") {}
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
  std::vector<std::uint8_t> pixels_;
};

// Largest zlib payload accepted for `raw_size` bytes of output: stored blocks and flush
// markers add a little; anything far beyond is hostile.
std::size_t max_zlib_length(std::size_t raw_size);

}  // namespace mks::codecs
