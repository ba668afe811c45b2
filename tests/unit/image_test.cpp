#include "codecs/image.h"

#include <gtest/gtest.h>

#include <climits>
#include <stdexcept>

namespace mks::codecs {
namespace {

// Every pixel a different value, so a misplaced copy shows.
Image numbered(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) image.set(x, y, static_cast<Pixel>(y * 1000 + x + 1));
  }
  return image;
}

// Reference CopyRect: read the whole source first, then write.
Image copy_reference(const Image& image, const Rect& r, int dx, int dy) {
  Image out = image;
  const Image src = image.crop(r);
  out.blit(src, dx, dy);
  return out;
}

TEST(Image, Constructor_FillsEveryPixel) {
  const Image image(3, 2, 0x00123456);
  ASSERT_EQ(image.width(), 3);
  ASSERT_EQ(image.height(), 2);
  for (Pixel p : image.pixels()) EXPECT_EQ(p, 0x00123456u);
}

TEST(Image, Constructor_RejectsNegativeAndOversizedSides) {
  EXPECT_THROW(Image(-1, 5), std::invalid_argument);
  EXPECT_THROW(Image(5, -1), std::invalid_argument);
  EXPECT_THROW(Image(Image::kMaxSide + 1, 1), std::invalid_argument);
  EXPECT_THROW(Image(1, Image::kMaxSide + 1), std::invalid_argument);
  EXPECT_NO_THROW(Image(0, 0));
}

TEST(Image, Contains_RejectsOverflowingRectangles) {
  const Image image(10, 10);
  EXPECT_TRUE(image.contains({0, 0, 10, 10}));
  EXPECT_TRUE(image.contains({10, 10, 0, 0}));
  EXPECT_FALSE(image.contains({1, 0, 10, 10}));
  EXPECT_FALSE(image.contains({-1, 0, 1, 1}));
  EXPECT_FALSE(image.contains({0, 0, -1, 1}));
  EXPECT_FALSE(image.contains({INT_MAX, 0, INT_MAX, 1}));
  EXPECT_FALSE(image.contains({5, INT_MAX, 1, INT_MAX}));
}

TEST(Image, Fill_PaintsOnlyTheRectangle) {
  Image image(4, 3, 0);
  image.fill({1, 1, 2, 1}, 0xFF);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) {
      const bool inside = y == 1 && (x == 1 || x == 2);
      EXPECT_EQ(image.at(x, y), inside ? 0xFFu : 0u) << x << "," << y;
    }
  }
}

// Widths below, at and past the fill's block of pixels, at aligned and unaligned starts.
TEST(Image, Fill_PaintsEveryWidthExactly) {
  for (int x : {0, 1, 3}) {
    for (int w = 0; w <= 19; ++w) {
      Image image(24, 3, 0);
      image.fill({x, 1, w, 1}, 0x00ABCDEF);
      for (int py = 0; py < 3; ++py) {
        for (int px = 0; px < 24; ++px) {
          const bool inside = py == 1 && px >= x && px < x + w;
          ASSERT_EQ(image.at(px, py), inside ? 0x00ABCDEFu : 0u)
              << "fill at " << x << " width " << w << ", pixel " << px << "," << py;
        }
      }
    }
  }
}

TEST(Image, Fill_OutsideThrows) {
  Image image(4, 3);
  EXPECT_THROW(image.fill({3, 0, 2, 1}, 1), std::out_of_range);
  EXPECT_NO_THROW(image.fill({4, 3, 0, 0}, 1));
}

TEST(Image, CopyWithin_OverlappingInEveryDirection_MatchesReference) {
  const Image base = numbered(20, 20);
  const Rect r{5, 5, 8, 7};
  for (int dy = -3; dy <= 3; ++dy) {
    for (int dx = -3; dx <= 3; ++dx) {
      Image image = base;
      image.copy_within(r, r.x + dx, r.y + dy);
      EXPECT_EQ(image, copy_reference(base, r, r.x + dx, r.y + dy)) << dx << "," << dy;
    }
  }
}

TEST(Image, CopyWithin_DestinationOutsideThrows) {
  Image image = numbered(8, 8);
  EXPECT_THROW(image.copy_within({0, 0, 4, 4}, 5, 0), std::out_of_range);
  EXPECT_THROW(image.copy_within({6, 0, 4, 4}, 0, 0), std::out_of_range);
}

TEST(Image, Blit_PlacesSourceAtOffset) {
  Image image(5, 5, 0);
  const Image src = numbered(2, 3);
  image.blit(src, 3, 2);
  EXPECT_EQ(image.at(3, 2), src.at(0, 0));
  EXPECT_EQ(image.at(4, 4), src.at(1, 2));
  EXPECT_EQ(image.at(2, 2), 0u);
  EXPECT_THROW(image.blit(src, 4, 2), std::out_of_range);
}

TEST(Image, Crop_CopiesTheArea) {
  const Image image = numbered(6, 6);
  const Image part = image.crop({2, 3, 3, 2});
  ASSERT_EQ(part.width(), 3);
  ASSERT_EQ(part.height(), 2);
  EXPECT_EQ(part.at(0, 0), image.at(2, 3));
  EXPECT_EQ(part.at(2, 1), image.at(4, 4));
  EXPECT_THROW(image.crop({4, 4, 3, 3}), std::out_of_range);
}

TEST(Image, SamePixels_IgnoresTopByteOnly) {
  Image a(2, 2, 0x00ABCDEF);
  Image b(2, 2, 0xFFABCDEF);
  EXPECT_TRUE(a.same_pixels(b));
  b.set(1, 1, 0xFFABCDEE);
  EXPECT_FALSE(a.same_pixels(b));
  EXPECT_FALSE(a.same_pixels(Image(2, 3, 0x00ABCDEF)));
}

TEST(Image, ColourHelpers_SplitChannels) {
  constexpr Pixel p = rgb(0x12, 0x34, 0x56) | 0x78000000;
  EXPECT_EQ(red(p), 0x12);
  EXPECT_EQ(green(p), 0x34);
  EXPECT_EQ(blue(p), 0x56);
  EXPECT_EQ(alpha(p), 0x78);
}

}  // namespace
}  // namespace mks::codecs
