// Rectangle decoders against the known-bad payloads of the VNC clients' CVE history: each is
// refused with a DecodeError naming what was wrong, and nothing is written outside the
// rectangle (the framebuffer around it is checked pixel by pixel).
#include <gtest/gtest.h>

#include <memory>

#include "codecs/hextile_decoder.h"
#include "codecs/jpeg.h"
#include "codecs/png.h"
#include "codecs/raw_decoder.h"
#include "codecs/rfb_cursor.h"
#include "codecs/tight_decoder.h"
#include "codecs/tightpng_decoder.h"
#include "codecs/vmw_cursor.h"
#include "codecs/zlib_decoder.h"
#include "codecs/zrle_decoder.h"
#include "tests/unit/decoder_test_helpers.h"
#include "tests/unit/deflater.h"

namespace mks::codecs {
namespace {

using testing::Bytes;
using testing::expect_decode_error;

constexpr Pixel kSentinel = 0x00ABCDEF;

// True when every pixel of `fb` outside `r` still holds kSentinel.
bool untouched_outside(const Image& fb, const Rect& r) {
  for (int y = 0; y < fb.height(); ++y) {
    for (int x = 0; x < fb.width(); ++x) {
      const bool inside = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
      if (!inside && fb.at(x, y) != kSentinel) return false;
    }
  }
  return true;
}

Bytes tight_zlib(std::uint8_t control, const Bytes& data) {
  testing::Deflater deflater;
  const Bytes packed = deflater.chunk(data);
  Bytes out{control};
  tightpng::append_compact_length(out, packed.size());
  out.insert(out.end(), packed.begin(), packed.end());
  return out;
}

// --- Hextile (seed 5) ---

TEST(HostileDecoder, HextileSubrectOutsideItsTile_CVE_2016_9941_class) {
  Image fb(32, 16, kSentinel);
  const Rect r{0, 0, 32, 16};
  // Tile 1: background, one foreground-coloured subrect at x=12 w=8: 12+8 > 16.
  Bytes payload{2 | 4 | 8, 1, 1, 1, 0, 2, 2, 2, 0, 1, 0xC0, 0x70};
  HextileDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, payload, r, fb); }, "outside its tile");
  for (int y = 0; y < 16; ++y) {
    for (int x = 16; x < 32; ++x) ASSERT_EQ(fb.at(x, y), kSentinel) << x << "," << y;
  }
}

TEST(HostileDecoder, HextileSubrectOutsideAPartialEdgeTile_CVE_2016_9941_class) {
  Image fb(24, 8, kSentinel);
  const Rect r{0, 0, 20, 4};  // the second tile is 4x4
  Bytes payload{0};           // tile 1: background only
  // Tile 2: subrect at x=2 w=4 inside a 16-pixel tile, but outside this 4-pixel one.
  payload.insert(payload.end(), {8, 1, 0x20, 0x30});
  HextileDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, payload, r, fb); }, "outside its tile 4x4+16+0");
  EXPECT_TRUE(untouched_outside(fb, r));
}

TEST(HostileDecoder, HextileSubencodingBitsAbove0x1FAreRefused) {
  Image fb(16, 16);
  HextileDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, Bytes{0x20}, {0, 0, 16, 16}, fb);
      },
      "unknown subencoding bits 32");
}

// --- ZRLE (seed 8) ---

Bytes zrle_payload(const Bytes& tile_data) {
  testing::Deflater deflater;
  return testing::with_u32_length(deflater.chunk(tile_data));
}

TEST(HostileDecoder, ZrlePaletteIndexBeyondPalette) {
  Image fb(4, 1, kSentinel);
  // Packed palette of 3 colours (2 bits an index); the first pixel uses index 3.
  Bytes tile{3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0xC0};
  ZrleDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, zrle_payload(tile), {0, 0, 4, 1}, fb);
      },
      "palette index 3 out of range");
}

TEST(HostileDecoder, ZrlePaletteRleIndexBeyondPalette) {
  Image fb(4, 1, kSentinel);
  Bytes tile{130, 1, 1, 1, 2, 2, 2, 0x05};  // palette RLE, 2 colours, index 5
  ZrleDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, zrle_payload(tile), {0, 0, 4, 1}, fb);
      },
      "palette index 5 out of range");
}

TEST(HostileDecoder, ZrleRunPastTheTileEndIsRefused) {
  Image fb(8, 2, kSentinel);
  const Rect r{0, 0, 4, 1};
  Bytes tile{128, 9, 9, 9, 4};  // plain RLE: a run of 5 pixels in a 4-pixel tile
  ZrleDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, zrle_payload(tile), r, fb); },
                      "run of 5 pixels overflows its tile");
  EXPECT_TRUE(untouched_outside(fb, r));
}

TEST(HostileDecoder, ZrleSubencodings17To127And129AreRefused) {
  for (const int sub : {17, 64, 127, 129}) {
    Image fb(4, 1);
    ZrleDecoder decoder;
    const Bytes tile{static_cast<std::uint8_t>(sub), 0, 0, 0};
    expect_decode_error(
        [&] {
          decode_whole(decoder, zrle_payload(tile), {0, 0, 4, 1}, fb);
        },
        "unknown tile subencoding " + std::to_string(sub));
  }
}

TEST(HostileDecoder,
     ZrleCorruptZlibMidRectangleThrowsAndTheDecoderDiesCleanly_CVE_2019_15691_class) {
  Image fb(64, 64);
  Bytes tile{0};
  tile.resize(1 + 64 * 64 * 3, 0x5A);
  Bytes payload = zrle_payload(tile);
  for (std::size_t i = payload.size() / 2; i < payload.size(); ++i) payload[i] ^= 0xA5;
  auto decoder = std::make_unique<ZrleDecoder>();
  EXPECT_THROW(decode_whole(*decoder, payload, {0, 0, 64, 64}, fb), DecodeError);
  decoder.reset();  // ASan: nothing kept pointing into the unwound frames
}

// --- Tight (seed 9) ---

TEST(HostileDecoder, TightGradientWidth2049_CVE_2026_44988_class) {
  Image fb(2100, 3, kSentinel);
  const Rect r{1, 1, 2049, 2};
  Bytes residuals(std::size_t(r.w) * r.h * 3, 0);
  residuals[0] = 10;  // the first pixel's colour propagates along and down
  residuals[1] = 20;
  residuals[2] = 30;
  Bytes payload{0x40, 2};  // stream 0, explicit filter: gradient
  const Bytes data = tight_zlib(0, residuals);
  payload.insert(payload.end(), data.begin() + 1, data.end());
  TightDecoder decoder;
  decode_whole(decoder, payload, r, fb);
  for (int y = r.y; y < r.y + r.h; ++y) {
    for (int x = r.x; x < r.x + r.w; ++x) ASSERT_EQ(fb.at(x, y), rgb(10, 20, 30)) << x << "," << y;
  }
  EXPECT_TRUE(untouched_outside(fb, r));
}

TEST(HostileDecoder, TightGradientZeroWidth_CVE_2019_15693_class) {
  Image fb(8, 8, kSentinel);
  TightDecoder decoder;
  decode_whole(decoder, Bytes{0x40, 2}, {3, 3, 0, 5}, fb);
  EXPECT_TRUE(untouched_outside(fb, {0, 0, 0, 0}));
}

TEST(HostileDecoder, TightZlibInflatesMoreRowsThanRect_CVE_2026_50538_class) {
  Image fb(8, 8, kSentinel);
  const Rect r{0, 2, 8, 4};
  const Bytes five_rows(8 * 5 * 3, 0x11);  // 4 rows expected
  TightDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, tight_zlib(0, five_rows), r, fb); },
                      "zlib data holds more than the 96 bytes expected");
  EXPECT_TRUE(untouched_outside(fb, r));
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);  // not even the rectangle was drawn
}

TEST(HostileDecoder, TightZlibInflatesFewerRowsThanRect) {
  Image fb(8, 8, kSentinel);
  const Rect r{0, 2, 8, 4};
  TightDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, tight_zlib(0, Bytes(8 * 3 * 3, 0x11)), r, fb); },
                      "zlib data ends after 72 of 96 bytes");
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);
}

TEST(HostileDecoder, TightControlNibbleAbove9IsRefused) {
  for (const std::uint8_t control : {0xA0, 0xF0}) {
    Image fb(8, 8);
    TightDecoder decoder;
    expect_decode_error(
        [&] {
          decode_whole(decoder, Bytes{control}, {0, 0, 8, 8}, fb);
        },
        "unknown compression type " + std::to_string(control >> 4));
  }
}

TEST(HostileDecoder, TightFilterIdAbove2IsRefused) {
  Image fb(8, 8);
  TightDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, Bytes{0x40, 3}, {0, 0, 8, 8}, fb);
      },
      "unknown filter 3");
}

TEST(HostileDecoder, TightPaletteOf256ColoursWithIndexesIn0To255Decodes) {
  Image fb(16, 16, kSentinel);
  Bytes payload{0x40, 1, 255};
  for (int i = 0; i < 256; ++i) payload.insert(payload.end(), {std::uint8_t(i), 0, 0});
  Bytes indexes(256);
  for (int i = 0; i < 256; ++i) indexes[i] = static_cast<std::uint8_t>(255 - i);
  const Bytes data = tight_zlib(0, indexes);
  payload.insert(payload.end(), data.begin() + 1, data.end());
  TightDecoder decoder;
  decode_whole(decoder, payload, {0, 0, 16, 16}, fb);
  EXPECT_EQ(fb.at(0, 0), rgb(255, 0, 0));
  EXPECT_EQ(fb.at(15, 15), rgb(0, 0, 0));
}

TEST(HostileDecoder, TightPaletteIndexBeyondPalette) {
  Image fb(4, 4, kSentinel);
  Bytes payload{0x40, 1, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3};  // 3 colours
  const Bytes data = tight_zlib(0, Bytes(16, 5));
  payload.insert(payload.end(), data.begin() + 1, data.end());
  TightDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, payload, {0, 0, 4, 4}, fb);
      },
      "palette index 5 outside a palette of 3 colours");
}

TEST(HostileDecoder, TightCompactLength0x3FFFFFLongerThanTheInputIsTruncated) {
  Image fb(64, 64);
  Bytes payload{0x00, 0xFF, 0xFF, 0xFF};
  payload.resize(payload.size() + 100, 0);
  TightDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, payload, {0, 0, 64, 64}, fb);
      },
      "truncated payload");
}

TEST(HostileDecoder, TightJpegWhoseSizeDiffersFromTheRect) {
  const Bytes jpeg = encode_jpeg(Image(8, 8, rgb(1, 2, 3)), 80);
  Bytes payload{0x90};
  tightpng::append_compact_length(payload, jpeg.size());
  payload.insert(payload.end(), jpeg.begin(), jpeg.end());
  Image fb(32, 32, kSentinel);
  TightDecoder decoder;
  expect_decode_error(
      [&] {
        decode_whole(decoder, payload, {0, 0, 16, 8}, fb);
      },
      "image is 8x8, expected 16x8");
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);
}

// --- TightPNG (seed 10) ---

TEST(HostileDecoder, TightPngImageWhoseSizeDiffersFromTheRect) {
  const Bytes png = encode_png(Image(8, 9, rgb(1, 2, 3)));
  Bytes payload{tightpng::kPng};
  tightpng::append_compact_length(payload, png.size());
  payload.insert(payload.end(), png.begin(), png.end());
  Image fb(32, 32, kSentinel);
  expect_decode_error(
      [&] {
        tightpng::decode(payload, {0, 0, 8, 8}, fb);
      },
      "image is 8x9, expected 8x8");
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);
}

TEST(HostileDecoder, TightPngBasicCompressionControlIsRefused) {
  Image fb(8, 8);
  for (const std::uint8_t control : {0x00, 0x40, 0x7F, 0xC0}) {
    EXPECT_THROW(tightpng::decode(Bytes{control, 1, 0}, {0, 0, 8, 8}, fb), DecodeError)
        << int(control);
  }
}

// --- Zlib and Raw (seeds 7, 9) ---

TEST(HostileDecoder, ZlibInflatingMoreThanTheRect_CVE_2016_9942_class) {
  Image fb(8, 8, kSentinel);
  const Rect r{2, 2, 4, 4};
  testing::Deflater deflater;
  const Bytes payload = testing::with_u32_length(deflater.chunk(Bytes(4 * 5 * 4, 0x22)));
  ZlibDecoder decoder;
  expect_decode_error([&] { decode_whole(decoder, payload, r, fb); },
                      "zlib data holds more than the 64 bytes expected");
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);
}

TEST(HostileDecoder, ZlibLength0xFFFFFFFFIsRefusedBeforeReadingIt) {
  Image fb(8, 8);
  ZlibDecoder decoder;
  decoder.begin({0, 0, 8, 8}, fb);
  ASSERT_EQ(decoder.wanted(), 4u);
  expect_decode_error(
      [&] {
        decoder.feed(Bytes{0xFF, 0xFF, 0xFF, 0xFF});
      },
      "length 4294967295 is too large for a 8x8+0+0 rectangle");
}

TEST(HostileDecoder, RawTruncatedPayloadIsRefused_CVE_2019_8280_class) {
  Image fb(8, 8, kSentinel);
  expect_decode_error(
      [&] {
        decode_raw(Bytes(8 * 8 * 4 - 1, 0), {0, 0, 8, 8}, fb);
      },
      "payload is 255 bytes, expected 256");
  for (auto p : fb.pixels()) ASSERT_EQ(p, kSentinel);
}

// --- Cursor sizes at the decoder (seed 11) ---

TEST(HostileDecoder,
     CursorPayloadSizesAreRefusedBeforeAnyArithmeticOverflows_CVE_2019_15690_class) {
  for (const int side : {257, 1024, 65535}) {
    EXPECT_THROW(rich_cursor_payload_size({0, 0, side, 1}), DecodeError) << side;
    EXPECT_THROW(alpha_cursor_payload_size({0, 0, 1, side}), DecodeError) << side;
    EXPECT_THROW(vmw_define_cursor_payload_size(0, {0, 0, side, side}), DecodeError) << side;
    EXPECT_THROW(vmw_define_cursor_payload_size(1, {0, 0, side, 1}), DecodeError) << side;
  }
  EXPECT_EQ(alpha_cursor_payload_size({0, 0, 256, 256}), 256u * 256 * 4);
}

}  // namespace
}  // namespace mks::codecs
