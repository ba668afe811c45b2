#include "codecs/zlib_decoder.h"

#include <cstring>
#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr std::size_t kLengthSize = 4;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("Zlib: " + what);
}

}  // namespace

std::size_t max_zlib_length(std::size_t raw_size) {
  return raw_size + raw_size / 4 + 4096;
}

void ZlibDecoder::begin(const Rect& r, Image& fb) {
  require_inside("Zlib", r, fb);
  rect_ = r;
  fb_ = &fb;
  step_ = Step::kLength;
}

std::size_t ZlibDecoder::wanted() const {
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

void ZlibDecoder::feed(std::span<const std::uint8_t> bytes) {
  if (step_ == Step::kLength) {
    length_ = load_be32(bytes.data());
    const std::size_t raw_size = std::size_t(rect_.w) * std::size_t(rect_.h) * 4;
    if (length_ > max_zlib_length(raw_size)) {
      fail("length " + std::to_string(length_) + " is too large for a " + rect_text(rect_) +
           " rectangle");
    }
    step_ = Step::kData;
    if (length_ == 0) draw({});
    return;
  }
  if (step_ == Step::kData) draw(bytes);
}

void ZlibDecoder::draw(std::span<const std::uint8_t> data) {
  step_ = Step::kDone;
  const std::size_t row_bytes = std::size_t(rect_.w) * 4;
  pixels_.resize(row_bytes * std::size_t(rect_.h));
  inflater_.inflate_exact(data, pixels_);
  for (int y = 0; y < rect_.h; ++y) {
    std::memcpy(fb_->row(rect_.y + y) + rect_.x, pixels_.data() + std::size_t(y) * row_bytes,
                row_bytes);
  }
}

}  // namespace mks::codecs
