#include "codecs/zlib_decoder.h"

#include <cstring>

namespace mks::codecs {
namespace {

constexpr std::size_t kKeptScratchBytes = 1 << 20;

}  // namespace

void ZlibDecoder::draw(std::span<const std::uint8_t> data) {
  const std::size_t row_bytes = std::size_t(rect_.w) * 4;
  pixels_.resize(row_bytes * std::size_t(rect_.h));
  inflater_.inflate_exact(data, pixels_);
  if (row_bytes == 0) return;  // an empty rectangle still moves the stream on
  for (int y = 0; y < rect_.h; ++y) {
    std::memcpy(fb_->row(rect_.y + y) + rect_.x, pixels_.data() + std::size_t(y) * row_bytes,
                row_bytes);
  }
  // One screen-sized rectangle must not keep its scratch for the rest of the session.
  if (pixels_.capacity() > kKeptScratchBytes) std::vector<std::uint8_t>().swap(pixels_);
}

}  // namespace mks::codecs
