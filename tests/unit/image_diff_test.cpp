#include "codecs/image_diff.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mks::codecs {
namespace {

TEST(ChangedTiles, EqualFramesHaveNone) {
  const Image a(200, 100, rgb(1, 2, 3));
  EXPECT_TRUE(changed_tiles(a, a).empty());
}

TEST(ChangedTiles, OnePixelMarksItsTile) {
  const Image a(200, 100);
  Image b = a;
  b.set(70, 10, rgb(255, 0, 0));
  const std::vector<Rect> expected = {{64, 0, 64, 64}};
  EXPECT_EQ(changed_tiles(a, b), expected);
}

TEST(ChangedTiles, AdjacentTilesInARowMergeAndEdgeTilesAreClipped) {
  const Image a(200, 100);
  Image b = a;
  b.set(10, 70, rgb(0, 255, 0));   // tile (0, 64), 36 rows high
  b.set(100, 70, rgb(0, 255, 0));  // tile (64, 64)
  b.set(199, 99, rgb(0, 255, 0));  // tile (192, 64), 8 wide
  const std::vector<Rect> expected = {{0, 64, 128, 36}, {192, 64, 8, 36}};
  EXPECT_EQ(changed_tiles(a, b), expected);
}

TEST(ChangedTiles, TheUnusedTopByteIsNoChange) {
  const Image a(64, 64, rgb(9, 9, 9));
  Image b = a;
  b.set(5, 5, rgb(9, 9, 9) | 0xFF000000u);
  EXPECT_TRUE(changed_tiles(a, b).empty());
}

TEST(ChangedTiles, FramesOfDifferentSizesAreRefused) {
  EXPECT_THROW(changed_tiles(Image(10, 10), Image(10, 11)), std::invalid_argument);
}

}  // namespace
}  // namespace mks::codecs
