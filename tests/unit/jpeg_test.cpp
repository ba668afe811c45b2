#include "codecs/jpeg.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

Image smooth(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      image.set(x, y,
                rgb(static_cast<std::uint8_t>(x * 4), static_cast<std::uint8_t>(y * 4),
                    static_cast<std::uint8_t>(128)));
    }
  }
  return image;
}

int max_channel_error(const Image& a, const Image& b) {
  int worst = 0;
  for (int y = 0; y < a.height(); ++y) {
    for (int x = 0; x < a.width(); ++x) {
      const Pixel p = a.at(x, y);
      const Pixel q = b.at(x, y);
      worst = std::max({worst, std::abs(red(p) - red(q)), std::abs(green(p) - green(q)),
                        std::abs(blue(p) - blue(q))});
    }
  }
  return worst;
}

TEST(Jpeg, EncodeDecode_HighQualityIsClose) {
  const Image image = smooth(48, 40);
  const Image decoded = decode_jpeg(encode_jpeg(image, 95));
  ASSERT_EQ(decoded.width(), 48);
  ASSERT_EQ(decoded.height(), 40);
  EXPECT_LE(max_channel_error(image, decoded), 8);
}

TEST(Jpeg, Decode_KeepsRedAndBlueApart) {
  const Image red_image(16, 16, rgb(255, 0, 0));
  const Pixel p = decode_jpeg(encode_jpeg(red_image, 95)).at(8, 8);
  EXPECT_GT(red(p), 240);
  EXPECT_LT(blue(p), 16);
}

TEST(Jpeg, DecodeInto_DrawsAtRectangle) {
  Image fb(64, 64, 0);
  decode_jpeg_into(encode_jpeg(Image(16, 8, rgb(200, 100, 50)), 95), fb, {10, 20, 16, 8});
  EXPECT_NEAR(red(fb.at(10, 20)), 200, 4);
  EXPECT_NEAR(green(fb.at(25, 27)), 100, 4);
  EXPECT_EQ(fb.at(9, 20), 0u);
  EXPECT_EQ(fb.at(26, 20), 0u);
  EXPECT_EQ(fb.at(10, 28), 0u);
}

TEST(Jpeg, DecodeInto_WrongSizeThrows) {
  Image fb(64, 64, 0);
  const auto jpeg = encode_jpeg(smooth(16, 8), 80);
  EXPECT_THROW(decode_jpeg_into(jpeg, fb, {0, 0, 8, 16}), DecodeError);
  EXPECT_THROW(decode_jpeg_into(jpeg, fb, {60, 0, 16, 8}), DecodeError);
  EXPECT_EQ(fb, Image(64, 64, 0));
}

TEST(Jpeg, Decode_EveryTruncation_ThrowsDecodeError) {
  const auto jpeg = encode_jpeg(smooth(16, 16), 80);
  for (std::size_t n = 0; n < jpeg.size(); ++n) {
    EXPECT_THROW(decode_jpeg(std::span(jpeg).first(n)), DecodeError) << n;
  }
}

TEST(Jpeg, Decode_RandomBytes_ThrowDecodeError) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::vector<std::uint8_t> junk(rng() % 400);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (junk.size() >= 2) junk[0] = 0xFF, junk[1] = 0xD8;  // SOI, so the parser goes deeper
    EXPECT_THROW(decode_jpeg(junk), DecodeError);
  }
}

TEST(Jpeg, Encode_RejectsBadQualityAndEmptyImage) {
  EXPECT_THROW(encode_jpeg(smooth(4, 4), 0), std::invalid_argument);
  EXPECT_THROW(encode_jpeg(smooth(4, 4), 101), std::invalid_argument);
  EXPECT_THROW(encode_jpeg(Image(), 80), std::invalid_argument);
}

}  // namespace
}  // namespace mks::codecs
