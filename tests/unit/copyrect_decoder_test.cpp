#include "codecs/copyrect_decoder.h"

#include <gtest/gtest.h>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

Image numbered(int w, int h) {
  Image image(w, h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) image.set(x, y, static_cast<Pixel>(y * 100 + x + 1));
  }
  return image;
}

std::vector<std::uint8_t> source(std::uint16_t x, std::uint16_t y) {
  return {static_cast<std::uint8_t>(x >> 8), static_cast<std::uint8_t>(x),
          static_cast<std::uint8_t>(y >> 8), static_cast<std::uint8_t>(y)};
}

TEST(CopyRect, Decode_CopiesFromBigEndianSource) {
  Image fb = numbered(300, 10);
  const Image before = fb;
  decode_copyrect(source(260, 1), {0, 5, 3, 2}, fb);
  EXPECT_EQ(fb.crop({0, 5, 3, 2}), before.crop({260, 1, 3, 2}));
  EXPECT_EQ(fb.at(3, 5), before.at(3, 5));
}

TEST(CopyRect, Decode_OverlappingScrollUp_MatchesReference) {
  Image fb = numbered(8, 8);
  const Image before = fb;
  decode_copyrect(source(0, 1), {0, 0, 8, 7}, fb);  // scroll one line up
  EXPECT_EQ(fb.crop({0, 0, 8, 7}), before.crop({0, 1, 8, 7}));
}

TEST(CopyRect, Decode_OverlappingScrollDown_MatchesReference) {
  Image fb = numbered(8, 8);
  const Image before = fb;
  decode_copyrect(source(0, 0), {0, 1, 8, 7}, fb);
  EXPECT_EQ(fb.crop({0, 1, 8, 7}), before.crop({0, 0, 8, 7}));
}

TEST(CopyRect, Decode_SourceOutsideThrows) {
  Image fb = numbered(8, 8);
  EXPECT_THROW(decode_copyrect(source(6, 0), {0, 0, 3, 3}, fb), DecodeError);
  EXPECT_THROW(decode_copyrect(source(0xFFFF, 0xFFFF), {0, 0, 1, 1}, fb), DecodeError);
  EXPECT_EQ(fb, numbered(8, 8));
}

TEST(CopyRect, Decode_DestinationOutsideThrows) {
  Image fb = numbered(8, 8);
  EXPECT_THROW(decode_copyrect(source(0, 0), {7, 7, 2, 2}, fb), DecodeError);
}

TEST(CopyRect, Decode_WrongPayloadSizeThrows) {
  Image fb = numbered(8, 8);
  for (std::size_t n : {0, 1, 3, 5}) {
    EXPECT_THROW(decode_copyrect(std::vector<std::uint8_t>(n), {0, 0, 1, 1}, fb), DecodeError);
  }
}

}  // namespace
}  // namespace mks::codecs
