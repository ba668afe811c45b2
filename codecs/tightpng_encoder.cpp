#include "codecs/tightpng_encoder.h"

#include <stdexcept>

#include "codecs/tightpng_decoder.h"

namespace mks::codecs::tightpng {
namespace {

constexpr Pixel kColourMask = 0x00FFFFFF;

// OR-reducing XORs per row vectorises well and stops at the first differing row.
bool is_solid(const Image& image, const Rect& r, Pixel colour) {
  for (int y = r.y; y < r.y + r.h; ++y) {
    const Pixel* row = image.row(y) + r.x;
    Pixel diff = 0;
    for (int x = 0; x < r.w; ++x) diff |= row[x] ^ colour;
    if ((diff & kColourMask) != 0) return false;
  }
  return true;
}

std::vector<std::uint8_t> fill_payload(Pixel colour) {
  return {kFill, red(colour), green(colour), blue(colour)};
}

std::vector<std::uint8_t> png_payload(const Image& image, const Rect& r,
                                      const PngEncodeOptions& options) {
  std::vector<std::uint8_t> png =
      r == image.bounds() ? encode_png(image, options) : encode_png(image.crop(r), options);
  std::vector<std::uint8_t> out;
  out.reserve(png.size() + 4);
  out.push_back(kPng);
  append_compact_length(out, png.size());
  out.insert(out.end(), png.begin(), png.end());
  return out;
}

}  // namespace

std::vector<std::uint8_t> encode(const Image& image, const Rect& r,
                                 const PngEncodeOptions& png_options) {
  if (r.empty() || !image.contains(r)) {
    throw std::out_of_range("tightpng::encode: rectangle empty or outside the image");
  }
  const Pixel first = image.row(r.y)[r.x];
  if (is_solid(image, r, first)) return fill_payload(first);
  return png_payload(image, r, png_options);
}

}  // namespace mks::codecs::tightpng
