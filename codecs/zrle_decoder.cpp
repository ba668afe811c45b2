#include "codecs/zrle_decoder.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr int kTileSide = 64;
constexpr std::size_t kCpixelSize = 3;
// The most bytes one tile can take: subencoding, a 127-colour palette, 4 bytes per pixel.
constexpr std::size_t kMaxTileBytes = 1 + 127 * kCpixelSize + kTileSide * kTileSide * 4;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("ZRLE: " + what);
}

// Reads the inflated tile data front to back; running out is a DecodeError.
class TileReader {
 public:
  explicit TileReader(std::span<const std::uint8_t> data) : data_(data) {}
  std::span<const std::uint8_t> take(std::size_t n) {
    if (data_.size() < n) fail("tile data ends early");
    auto out = data_.first(n);
    data_ = data_.subspan(n);
    return out;
  }
  std::uint8_t u8() { return take(1)[0]; }
  Pixel cpixel() { return load_bgr(take(kCpixelSize).data()); }
  std::size_t run_length() {
    std::size_t length = 1;
    std::uint8_t b = 0;
    do {
      b = u8();
      length += b;
    } while (b == 255);
    return length;
  }
  bool empty() const { return data_.empty(); }
  std::size_t size() const { return data_.size(); }

 private:
  std::span<const std::uint8_t> data_;
};

// Pixels of one tile in row order, written into the framebuffer.
class TileWriter {
 public:
  TileWriter(Image& fb, const Rect& tile) : fb_(fb), tile_(tile) {}
  std::size_t left() const { return std::size_t(tile_.w) * std::size_t(tile_.h) - done_; }
  void put(Pixel p, std::size_t count) {
    if (count > left()) fail("run of " + std::to_string(count) + " pixels overflows its tile");
    for (; count > 0; --count, ++done_) {
      const int x = static_cast<int>(done_ % tile_.w);
      const int y = static_cast<int>(done_ / tile_.w);
      fb_.set(tile_.x + x, tile_.y + y, p);
    }
  }

 private:
  Image& fb_;
  Rect tile_;
  std::size_t done_ = 0;
};

using Palette = std::array<Pixel, 128>;

std::size_t read_palette(TileReader& in, Palette& palette, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) palette[i] = in.cpixel();
  return size;
}

void packed_palette_tile(TileReader& in, TileWriter& out, const Rect& tile, std::size_t size) {
  Palette palette{};
  read_palette(in, palette, size);
  const int bits = size == 2 ? 1 : size <= 4 ? 2 : 4;
  const std::size_t row_bytes = (std::size_t(tile.w) * bits + 7) / 8;
  for (int y = 0; y < tile.h; ++y) {
    auto row = in.take(row_bytes);
    for (int x = 0; x < tile.w; ++x) {
      const std::size_t bit = std::size_t(x) * bits;
      const int shift = 8 - bits - static_cast<int>(bit % 8);
      const std::size_t index = (row[bit / 8] >> shift) & ((1u << bits) - 1);
      if (index >= size) fail("palette index " + std::to_string(index) + " out of range");
      out.put(palette[index], 1);
    }
  }
}

void plain_rle_tile(TileReader& in, TileWriter& out) {
  while (out.left() > 0) {
    const Pixel p = in.cpixel();
    out.put(p, in.run_length());
  }
}

void palette_rle_tile(TileReader& in, TileWriter& out, std::size_t size) {
  Palette palette{};
  read_palette(in, palette, size);
  while (out.left() > 0) {
    const std::uint8_t code = in.u8();
    const std::size_t index = code & 0x7F;
    if (index >= size) fail("palette index " + std::to_string(index) + " out of range");
    out.put(palette[index], (code & 0x80) ? in.run_length() : 1);
  }
}

void decode_tile(TileReader& in, Image& fb, const Rect& tile) {
  const std::uint8_t subencoding = in.u8();
  TileWriter out(fb, tile);
  if (subencoding == 0) {
    for (std::size_t i = out.left(); i > 0; --i) out.put(in.cpixel(), 1);
  } else if (subencoding == 1) {
    fb.fill(tile, in.cpixel());
  } else if (subencoding <= 16) {
    packed_palette_tile(in, out, tile, subencoding);
  } else if (subencoding == 128) {
    plain_rle_tile(in, out);
  } else if (subencoding >= 130) {
    palette_rle_tile(in, out, subencoding - 128);
  } else {
    fail("unknown tile subencoding " + std::to_string(subencoding));
  }
}

}  // namespace

void ZrleDecoder::draw(std::span<const std::uint8_t> data) {
  const std::size_t tiles = std::size_t((rect_.w + kTileSide - 1) / kTileSide) *
                            std::size_t((rect_.h + kTileSide - 1) / kTileSide);
  const std::vector<std::uint8_t> inflated = inflater_.inflate_all(data, tiles * kMaxTileBytes);
  TileReader in(inflated);
  for (int y = rect_.y; y < rect_.y + rect_.h; y += kTileSide) {
    for (int x = rect_.x; x < rect_.x + rect_.w; x += kTileSide) {
      const Rect tile{x, y, std::min(kTileSide, rect_.x + rect_.w - x),
                      std::min(kTileSide, rect_.y + rect_.h - y)};
      decode_tile(in, *fb_, tile);
    }
  }
  if (!in.empty()) fail(std::to_string(in.size()) + " bytes left after the last tile");
}

}  // namespace mks::codecs
