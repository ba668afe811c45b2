#include "codecs/hextile_decoder.h"

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_helpers.h"

namespace mks::codecs {
namespace {

using testing::append_bgrx;
using testing::Bytes;

constexpr Pixel kBlue = rgb(0, 0, 200);
constexpr Pixel kWhite = rgb(255, 255, 255);
constexpr Pixel kRed = rgb(220, 0, 0);
constexpr Pixel kGreen = rgb(0, 180, 0);

// A 20x18 rectangle at (4,2) is four tiles: 16x16, 4x16, 16x2, 4x2. Returns the payload and
// draws what it should show into `expected`.
Bytes four_tiles(Image& expected) {
  Bytes out;
  // Tile 1: background and foreground, two foreground subrectangles.
  out.push_back(2 | 4 | 8);
  append_bgrx(out, kBlue);
  append_bgrx(out, kWhite);
  out.push_back(2);
  out.insert(out.end(), {0x12, 0x30});  // at (1,2), 4x1
  out.insert(out.end(), {0xFF, 0x00});  // at (15,15), 1x1
  expected.fill({4, 2, 16, 16}, kBlue);
  expected.fill({5, 4, 4, 1}, kWhite);
  expected.set(19, 17, kWhite);
  // Tile 2: raw.
  out.push_back(1);
  for (int i = 0; i < 4 * 16; ++i) append_bgrx(out, rgb(static_cast<std::uint8_t>(i), 1, 2));
  for (int i = 0; i < 4 * 16; ++i)
    expected.set(20 + i % 4, 2 + i / 4, rgb(static_cast<std::uint8_t>(i), 1, 2));
  // Tile 3: nothing specified, so the last background (blue).
  out.push_back(0);
  expected.fill({4, 18, 16, 2}, kBlue);
  // Tile 4: a new background and coloured subrectangles.
  out.push_back(2 | 8 | 16);
  append_bgrx(out, kRed);
  out.push_back(1);
  append_bgrx(out, kGreen);
  out.insert(out.end(), {0x10, 0x21});  // at (1,0), 3x2
  expected.fill({20, 18, 4, 2}, kRed);
  expected.fill({21, 18, 3, 2}, kGreen);
  return out;
}

TEST(HextileDecoder, FourTiles_DrawBackgroundsRawAndSubrects) {
  Image expected(30, 24, rgb(9, 9, 9));
  const Bytes payload = four_tiles(expected);
  Image fb(30, 24, rgb(9, 9, 9));
  HextileDecoder decoder;
  decode_whole(decoder, payload, {4, 2, 20, 18}, fb);
  EXPECT_EQ(fb, expected);
}

TEST(HextileDecoder, AsksForEachPieceOfATile) {
  Image fb(16, 16);
  HextileDecoder decoder;
  decoder.begin({0, 0, 16, 16}, fb);
  EXPECT_EQ(decoder.wanted(), 1u);
  decoder.feed(Bytes{2 | 8 | 16});
  EXPECT_EQ(decoder.wanted(), 5u);  // background + count
  Bytes header;
  append_bgrx(header, kBlue);
  header.push_back(3);
  decoder.feed(header);
  EXPECT_EQ(decoder.wanted(), 18u);  // 3 coloured subrects
}

TEST(HextileDecoder, EmptyRectangle_NeedsNoBytes) {
  Image fb(16, 16);
  HextileDecoder decoder;
  decoder.begin({3, 3, 0, 5}, fb);
  EXPECT_EQ(decoder.wanted(), 0u);
}

TEST(HextileDecoder, SubrectOutsideItsTile_Throws) {
  Bytes payload = {2 | 8};
  append_bgrx(payload, kBlue);
  payload.push_back(1);
  payload.insert(payload.end(), {0x00, 0x88});  // 9x9 in a 8x8 tile
  Image fb(8, 8);
  HextileDecoder decoder;
  testing::expect_decode_error(
      [&] {
        decode_whole(decoder, payload, {0, 0, 8, 8}, fb);
      },
      "outside its tile");
}

TEST(HextileDecoder, UnknownSubencodingBits_Throw) {
  Image fb(8, 8);
  HextileDecoder decoder;
  testing::expect_decode_error(
      [&] {
        decode_whole(decoder, Bytes{0x20}, {0, 0, 8, 8}, fb);
      },
      "subencoding");
}

TEST(HextileDecoder, RectangleOutsideFramebuffer_Throws) {
  Image fb(8, 8);
  HextileDecoder decoder;
  testing::expect_decode_error([&] { decoder.begin({0, 0, 9, 8}, fb); }, "outside");
}

TEST(HextileDecoder, HostilePayloads_NeverCrash) {
  Image expected(30, 24);
  const Bytes valid = four_tiles(expected);
  testing::expect_hostile_payloads_rejected([] { return std::make_unique<HextileDecoder>(); },
                                            valid, {4, 2, 20, 18}, 30, 24);
}

}  // namespace
}  // namespace mks::codecs
