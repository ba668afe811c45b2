#include "codecs/zlib_decoder.h"

#include <gtest/gtest.h>

#include "tests/unit/decoder_test_helpers.h"
#include "tests/unit/deflater.h"

namespace mks::codecs {
namespace {

using testing::Bytes;

Bytes raw_pixels(const Image& image, const Rect& r) {
  Bytes out;
  for (int y = r.y; y < r.y + r.h; ++y) {
    for (int x = r.x; x < r.x + r.w; ++x) testing::append_bgrx(out, image.at(x, y));
  }
  return out;
}

TEST(ZlibDecoder, TwoRectangles_ShareOneStream) {
  const Image picture = testing::test_picture(64, 48);
  testing::Deflater deflater;
  ZlibDecoder decoder;
  Image fb(64, 48);
  const Rect top{0, 0, 64, 24}, bottom{0, 24, 64, 24};
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(raw_pixels(picture, top))), top,
               fb);
  // The second chunk refers back to the first one's history.
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(raw_pixels(picture, bottom))),
               bottom, fb);
  EXPECT_EQ(fb, picture);
}

TEST(ZlibDecoder, SecondRectangle_FailsWithAFreshStream) {
  const Image picture = testing::test_picture(32, 32);
  testing::Deflater deflater;
  const Rect r{0, 0, 32, 32};
  deflater.chunk(raw_pixels(picture, r));
  const Bytes second = testing::with_u32_length(deflater.chunk(raw_pixels(picture, r)));
  ZlibDecoder fresh;
  Image fb(32, 32);
  testing::expect_decode_error([&] { decode_whole(fresh, second, r, fb); }, "Zlib");
}

TEST(ZlibDecoder, OversizedLength_RejectedBeforeReading) {
  ZlibDecoder decoder;
  Image fb(16, 16);
  decoder.begin({0, 0, 16, 16}, fb);
  ASSERT_EQ(decoder.wanted(), 4u);
  const Bytes length = {0xFF, 0xFF, 0xFF, 0xF0};
  testing::expect_decode_error([&] { decoder.feed(length); }, "too large");
}

TEST(ZlibDecoder, RectangleOutsideFramebuffer_Throws) {
  ZlibDecoder decoder;
  Image fb(16, 16);
  testing::expect_decode_error([&] { decoder.begin({8, 8, 16, 16}, fb); }, "outside");
}

TEST(ZlibDecoder, TooFewOrTooManyPixels_Throw) {
  const Image picture = testing::test_picture(16, 16);
  const Rect r{0, 0, 16, 8};
  Bytes pixels = raw_pixels(picture, r);
  Image fb(16, 16);
  {
    testing::Deflater deflater;
    ZlibDecoder decoder;
    const Bytes short_data = deflater.chunk(std::span(pixels).first(pixels.size() - 4));
    testing::expect_decode_error(
        [&] { decode_whole(decoder, testing::with_u32_length(short_data), r, fb); }, "ends after");
  }
  {
    testing::Deflater deflater;
    ZlibDecoder decoder;
    pixels.resize(pixels.size() + 4);
    testing::expect_decode_error(
        [&] { decode_whole(decoder, testing::with_u32_length(deflater.chunk(pixels)), r, fb); },
        "more than");
  }
}

TEST(ZlibDecoder, GarbageData_Throws) {
  ZlibDecoder decoder;
  Image fb(8, 8);
  const Bytes garbage = testing::with_u32_length(Bytes(40, 0xAB));
  testing::expect_decode_error([&] { decode_whole(decoder, garbage, {0, 0, 8, 8}, fb); }, "Zlib");
}

TEST(ZlibDecoder, HostilePayloads_NeverCrash) {
  const Image picture = testing::test_picture(40, 30);
  const Rect r{2, 3, 30, 20};
  testing::Deflater deflater;
  const Bytes valid = testing::with_u32_length(deflater.chunk(raw_pixels(picture, r)));
  testing::expect_hostile_payloads_rejected([] { return std::make_unique<ZlibDecoder>(); }, valid,
                                            r, 40, 30);
}

}  // namespace
}  // namespace mks::codecs
