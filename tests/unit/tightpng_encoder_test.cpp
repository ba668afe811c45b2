#include "codecs/tightpng_encoder.h"

#include <gtest/gtest.h>

#include "codecs/tightpng_decoder.h"
#include "tests/unit/test_images.h"

namespace mks::codecs {
namespace {

TEST(TightPngEncoder, SolidRect_GivesFillInRgbOrder) {
  const Image image(64, 64, rgb(0x12, 0x34, 0x56));
  EXPECT_EQ(tightpng::encode(image, {8, 8, 32, 16}),
            (std::vector<std::uint8_t>{0x80, 0x12, 0x34, 0x56}));
}

TEST(TightPngEncoder, SolidCheck_IgnoresTopByte) {
  Image image(4, 4, rgb(1, 2, 3));
  image.set(3, 3, rgb(1, 2, 3) | 0xFF000000);
  EXPECT_EQ(tightpng::encode(image, image.bounds()).size(), 4u);
}

TEST(TightPngEncoder, OneDifferentLastPixel_GivesPng) {
  Image image(64, 64, rgb(9, 9, 9));
  image.set(63, 63, rgb(9, 9, 8));
  const auto payload = tightpng::encode(image, image.bounds());
  EXPECT_EQ(payload[0], tightpng::kPng);
  Image fb(64, 64, 0);
  tightpng::decode(payload, fb.bounds(), fb);
  EXPECT_EQ(fb, image);
}

TEST(TightPngEncoder, SubRect_RoundTripsThroughDecoder) {
  const Image image = testing::varied_image(100, 80);
  const Rect r{13, 7, 50, 61};
  Image fb(100, 80, 0);
  tightpng::decode(tightpng::encode(image, r), r, fb);
  EXPECT_EQ(fb.crop(r), image.crop(r));
  EXPECT_EQ(fb.at(12, 7), 0u);
}

TEST(TightPngEncoder, EveryTileOfAFrame_RoundTrips) {
  Image image(130, 70, rgb(0, 0, 170));
  image.fill({20, 20, 50, 10}, rgb(255, 255, 255));
  Image fb(130, 70, 0);
  for (int y = 0; y < 70; y += 32) {
    for (int x = 0; x < 130; x += 32) {
      const Rect r{x, y, std::min(32, 130 - x), std::min(32, 70 - y)};
      tightpng::decode(tightpng::encode(image, r), r, fb);
    }
  }
  EXPECT_EQ(fb, image);
}

TEST(TightPngEncoder, RectOutsideOrEmpty_Throws) {
  const Image image(10, 10);
  EXPECT_THROW(tightpng::encode(image, {5, 5, 6, 1}), std::out_of_range);
  EXPECT_THROW(tightpng::encode(image, {0, 0, 0, 1}), std::out_of_range);
}

}  // namespace
}  // namespace mks::codecs
