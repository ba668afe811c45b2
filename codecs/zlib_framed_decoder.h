#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/rect_decoder.h"
#include "codecs/zlib_inflater.h"

namespace mks::codecs {

// The framing Zlib (6) and ZRLE (16) share: a u32 length, then that many bytes of the
// connection's one zlib stream. Subclasses draw the rectangle from those bytes.
class ZlibFramedDecoder : public RectDecoder {
 public:
  void begin(const Rect& r, Image& fb) final;
  std::size_t wanted() const final;
  void feed(std::span<const std::uint8_t> bytes) final;

 protected:
  explicit ZlibFramedDecoder(const char* encoding) : inflater_(encoding), encoding_(encoding) {}
  // The rectangle's whole zlib data (empty when its length was 0); throws DecodeError.
  virtual void draw(std::span<const std::uint8_t> data) = 0;

  ZlibInflater inflater_;
  Rect rect_;
  Image* fb_ = nullptr;

 private:
  enum class Step { kLength, kData, kDone };
  void finish(std::span<const std::uint8_t> data);

  const char* encoding_;
  Step step_ = Step::kDone;
  std::size_t length_ = 0;
};

// Largest zlib payload accepted for `raw_size` bytes of output: stored blocks and flush
// markers add a little; anything far beyond is hostile.
std::size_t max_zlib_length(std::size_t raw_size);

}  // namespace mks::codecs
