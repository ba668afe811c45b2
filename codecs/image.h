#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace mks::codecs {

// A rectangle in framebuffer pixels. Width or height 0 is an empty rectangle.
struct Rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  bool operator==(const Rect&) const = default;
  bool empty() const { return w <= 0 || h <= 0; }
};

// A pixel is 0xXXRRGGBB in a uint32_t; in memory (little-endian) that is B,G,R,X, the byte
// order of RFB Raw pixels for the 32-bit true-colour format WebMKS uses. The top byte is
// ignored by screen comparisons and PNG output; cursor images use it as alpha.
using Pixel = std::uint32_t;

constexpr Pixel rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  return (Pixel{r} << 16) | (Pixel{g} << 8) | Pixel{b};
}
constexpr std::uint8_t red(Pixel p) {
  return static_cast<std::uint8_t>(p >> 16);
}
constexpr std::uint8_t green(Pixel p) {
  return static_cast<std::uint8_t>(p >> 8);
}
constexpr std::uint8_t blue(Pixel p) {
  return static_cast<std::uint8_t>(p);
}
constexpr std::uint8_t alpha(Pixel p) {
  return static_cast<std::uint8_t>(p >> 24);
}

// A 32-bit framebuffer image, rows stored top to bottom without padding (stride == width).
class Image {
 public:
  // Largest side accepted anywhere (RFB sizes are u16; this also bounds memory).
  static constexpr int kMaxSide = 16384;

  Image() = default;
  // Throws std::invalid_argument for negative sizes or a side over kMaxSide.
  Image(int width, int height, Pixel fill = 0);

  int width() const { return width_; }
  int height() const { return height_; }
  bool empty() const { return width_ == 0 || height_ == 0; }
  Rect bounds() const { return {0, 0, width_, height_}; }
  bool contains(const Rect& r) const;

  Pixel* row(int y) { return pixels_.data() + static_cast<std::size_t>(y) * width_; }
  const Pixel* row(int y) const { return pixels_.data() + static_cast<std::size_t>(y) * width_; }
  Pixel at(int x, int y) const { return row(y)[x]; }
  void set(int x, int y, Pixel p) { row(y)[x] = p; }
  std::span<Pixel> pixels() { return pixels_; }
  std::span<const Pixel> pixels() const { return pixels_; }

  // The operations below require their rectangles inside bounds() (std::out_of_range
  // otherwise); decoders check untrusted rectangles before calling them.
  void fill(const Rect& r, Pixel p);
  // Copies r to (dst_x, dst_y) inside this image; overlapping areas are handled (CopyRect).
  void copy_within(const Rect& r, int dst_x, int dst_y);
  // Draws all of src with its top-left corner at (dst_x, dst_y).
  void blit(const Image& src, int dst_x, int dst_y);
  Image crop(const Rect& r) const;

  // Equal sizes and equal colours; the top (X) byte is ignored.
  bool same_pixels(const Image& other) const;
  bool operator==(const Image& other) const { return same_pixels(other); }

 private:
  int width_ = 0;
  int height_ = 0;
  std::vector<Pixel> pixels_;
};

}  // namespace mks::codecs
