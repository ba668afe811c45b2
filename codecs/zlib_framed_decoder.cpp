#include "codecs/zlib_framed_decoder.h"

#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr std::size_t kLengthSize = 4;

}  // namespace

std::size_t max_zlib_length(std::size_t raw_size) {
  return raw_size + raw_size / 4 + 4096;
}

void ZlibFramedDecoder::begin(const Rect& r, Image& fb) {
  require_inside(encoding_, r, fb);
  rect_ = r;
  fb_ = &fb;
  step_ = Step::kLength;
}

std::size_t ZlibFramedDecoder::wanted() const {
  switch (step_) {
    case Step::kLength:
      return kLengthSize;
    case Step::kData:
      return length_;
    case Step::kDone:
      break;
  }
  return 0;
}

void ZlibFramedDecoder::feed(std::span<const std::uint8_t> bytes) {
  if (step_ == Step::kLength) {
    length_ = load_be32(bytes.data());
    const std::size_t raw_size = std::size_t(rect_.w) * std::size_t(rect_.h) * 4;
    if (length_ > max_zlib_length(raw_size)) {
      throw DecodeError(std::string(encoding_) + ": length " + std::to_string(length_) +
                        " is too large for a " + rect_text(rect_) + " rectangle");
    }
    step_ = Step::kData;
    if (length_ == 0) finish({});
    return;
  }
  if (step_ == Step::kData) finish(bytes);
}

void ZlibFramedDecoder::finish(std::span<const std::uint8_t> data) {
  step_ = Step::kDone;
  draw(data);
}

}  // namespace mks::codecs
