#include "codecs/tightpng_decoder.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"
#include "codecs/jpeg.h"
#include "codecs/png.h"
#include "tests/unit/test_images.h"

namespace mks::codecs {
namespace {

std::vector<std::uint8_t> with_header(std::uint8_t control, const std::vector<std::uint8_t>& data) {
  std::vector<std::uint8_t> out = {control};
  tightpng::append_compact_length(out, data.size());
  append_bytes(out, data);
  return out;
}

std::vector<std::uint8_t> png_claiming(std::uint32_t w, std::uint32_t h) {
  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> ihdr = {'I', 'H', 'D', 'R'};
  append_be32(ihdr, w);
  append_be32(ihdr, h);
  for (std::uint8_t b : {8, 2, 0, 0, 0}) ihdr.push_back(b);
  append_be32(out, 13);
  append_bytes(out, ihdr);
  append_be32(out, static_cast<std::uint32_t>(crc32(0, ihdr.data(), ihdr.size())));
  return out;
}

void expect_decode_error(std::span<const std::uint8_t> payload, const Rect& r, Image& fb,
                         const std::string& fragment = "TightPNG") {
  try {
    tightpng::decode(payload, r, fb);
    ADD_FAILURE() << "no DecodeError, expected one mentioning " << fragment;
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(TightPng, CompactLength_RoundTripsAtEveryBoundary) {
  for (std::size_t v : {0u, 1u, 127u, 128u, 16383u, 16384u, 100000u, 0x3FFFFFu}) {
    std::vector<std::uint8_t> bytes;
    tightpng::append_compact_length(bytes, v);
    const std::size_t expected_size = v <= 127 ? 1 : v <= 16383 ? 2 : 3;
    EXPECT_EQ(bytes.size(), expected_size) << v;
    const auto read = tightpng::read_compact_length(bytes);
    ASSERT_TRUE(read.has_value()) << v;
    EXPECT_EQ(read->value, v);
    EXPECT_EQ(read->size, expected_size);
  }
}

TEST(TightPng, CompactLength_MatchesSpecBytes) {
  std::vector<std::uint8_t> bytes;
  tightpng::append_compact_length(bytes, 0x1234);  // 0x34 | 0x80, 0x24
  EXPECT_EQ(bytes, (std::vector<std::uint8_t>{0xB4, 0x24}));
}

TEST(TightPng, CompactLength_IncompleteGivesNullopt) {
  EXPECT_FALSE(tightpng::read_compact_length({}).has_value());
  const std::uint8_t one[] = {0x80};
  EXPECT_FALSE(tightpng::read_compact_length(one).has_value());
  const std::uint8_t two[] = {0x80, 0x80};
  EXPECT_FALSE(tightpng::read_compact_length(two).has_value());
}

TEST(TightPng, CompactLength_OverLimitThrowsOnAppend) {
  std::vector<std::uint8_t> bytes;
  EXPECT_THROW(tightpng::append_compact_length(bytes, 0x400000), std::length_error);
}

TEST(TightPng, FillRect_PaintsColour) {
  Image fb(8, 8, 0);
  const std::vector<std::uint8_t> payload = {0x80, 0x11, 0x22, 0x33};
  tightpng::decode(payload, {2, 3, 4, 2}, fb);
  EXPECT_EQ(fb.at(2, 3), rgb(0x11, 0x22, 0x33));
  EXPECT_EQ(fb.at(5, 4), rgb(0x11, 0x22, 0x33));
  EXPECT_EQ(fb.at(6, 4), 0u);
  EXPECT_EQ(fb.at(2, 5), 0u);
}

TEST(TightPng, FillRect_LowNibbleIgnored) {
  Image fb(2, 2, 0);
  const std::vector<std::uint8_t> payload = {0x8F, 1, 2, 3};
  tightpng::decode(payload, {0, 0, 2, 2}, fb);
  EXPECT_EQ(fb.at(1, 1), rgb(1, 2, 3));
}

TEST(TightPng, FillRect_TruncatedOrTrailingThrows) {
  Image fb(2, 2, 0);
  const std::vector<std::uint8_t> payload = {0x80, 1, 2, 3, 4};
  for (std::size_t n = 0; n < 4; ++n)
    expect_decode_error(std::span(payload).first(n), fb.bounds(), fb);
  expect_decode_error(payload, fb.bounds(), fb, "trailing");
}

TEST(TightPng, PngRect_DrawsImage) {
  Image fb(20, 20, 0);
  const Image tile = testing::varied_image(7, 5);
  tightpng::decode(with_header(tightpng::kPng, encode_png(tile)), {10, 12, 7, 5}, fb);
  EXPECT_EQ(fb.crop({10, 12, 7, 5}), tile);
  EXPECT_EQ(fb.at(9, 12), 0u);
}

TEST(TightPng, JpegRect_DrawsImage) {
  Image fb(32, 32, 0);
  tightpng::decode(with_header(tightpng::kJpeg, encode_jpeg(Image(16, 16, rgb(0, 0, 250)), 95)),
                   {8, 8, 16, 16}, fb);
  EXPECT_GT(blue(fb.at(15, 15)), 240);
  EXPECT_EQ(fb.at(7, 8), 0u);
}

TEST(TightPng, UnknownControl_IsDecodedAsJpeg) {
  Image fb(16, 16, 0);
  const auto jpeg = encode_jpeg(Image(16, 16, rgb(250, 0, 0)), 95);
  tightpng::decode(with_header(0xC0, jpeg), fb.bounds(), fb);
  EXPECT_GT(red(fb.at(3, 3)), 240);
  const auto png = encode_png(Image(16, 16, rgb(250, 0, 0)));
  expect_decode_error(with_header(0xC0, png), fb.bounds(), fb, "JPEG");
}

TEST(TightPng, DiffJpeg_IsRejected) {
  Image fb(4, 4, 0);
  expect_decode_error(with_header(tightpng::kDiffJpeg, {3}), fb.bounds(), fb, "diff-JPEG");
}

TEST(TightPng, PngRect_EveryTruncation_ThrowsDecodeError) {
  Image fb(20, 20, 0);
  const auto payload = with_header(tightpng::kPng, encode_png(testing::varied_image(7, 5)));
  for (std::size_t n = 0; n < payload.size(); ++n) {
    expect_decode_error(std::span(payload).first(n), {0, 0, 7, 5}, fb);
  }
}

TEST(TightPng, PngRect_TrailingByteThrows) {
  Image fb(20, 20, 0);
  auto payload = with_header(tightpng::kPng, encode_png(testing::varied_image(7, 5)));
  payload.push_back(0);
  expect_decode_error(payload, {0, 0, 7, 5}, fb, "trailing");
}

TEST(TightPng, HugeCompactLength_ThrowsTruncated) {
  Image fb(20, 20, 0);
  const std::vector<std::uint8_t> payload = {0xA0, 0xFF, 0xFF, 0xFF, 1, 2, 3};
  expect_decode_error(payload, {0, 0, 7, 5}, fb, "truncated");
}

TEST(TightPng, PngOfWrongSize_Throws) {
  Image fb(20, 20, 0);
  const auto payload = with_header(tightpng::kPng, encode_png(testing::varied_image(7, 5)));
  expect_decode_error(payload, {0, 0, 5, 7}, fb, "expected 5x7");
  EXPECT_EQ(fb, Image(20, 20, 0));
}

TEST(TightPng, PngClaimingHugeSize_Throws) {
  Image fb(20, 20, 0);
  expect_decode_error(with_header(tightpng::kPng, png_claiming(100000, 100000)), {0, 0, 7, 5}, fb);
  expect_decode_error(with_header(tightpng::kPng, png_claiming(16384, 16384)), {0, 0, 7, 5}, fb,
                      "expected 7x5");
}

TEST(TightPng, RectOutsideFramebuffer_Throws) {
  Image fb(20, 20, 0);
  const std::vector<std::uint8_t> fill = {0x80, 1, 2, 3};
  expect_decode_error(fill, {15, 0, 6, 1}, fb, "outside");
  expect_decode_error(fill, {0, 0, 65535, 65535}, fb, "outside");
  EXPECT_EQ(fb, Image(20, 20, 0));
}

TEST(TightPng, RandomPayloads_OnlyThrowDecodeError) {
  Image fb(16, 16, 0);
  std::mt19937 rng(1234);
  const std::uint8_t controls[] = {0x80, 0x90, 0xA0, 0xB0, 0x00, 0xF0};
  for (int i = 0; i < 500; ++i) {
    std::vector<std::uint8_t> payload(1 + rng() % 200);
    for (auto& b : payload) b = static_cast<std::uint8_t>(rng());
    payload[0] = controls[i % 6];
    if (payload[0] == 0x80 && payload.size() == 4) continue;  // a valid fill
    EXPECT_THROW(tightpng::decode(payload, {0, 0, 8, 8}, fb), DecodeError) << i;
  }
}

// Corrupted image bytes with a correct length: either a DecodeError or pixels inside the
// rectangle only, never anything else.
void expect_mutations_contained(const std::vector<std::uint8_t>& valid, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const Rect r{4, 4, 16, 16};
  for (int i = 0; i < 300; ++i) {
    auto payload = valid;
    for (int k = 0; k < 1 + i % 4; ++k) {
      const std::size_t at = 3 + rng() % (payload.size() - 3);
      payload[at] = static_cast<std::uint8_t>(rng());
    }
    Image fb(24, 24, 0x00C0FFEE);
    try {
      tightpng::decode(payload, r, fb);
    } catch (const DecodeError&) {
    }
    Image outside = fb;
    outside.fill(r, 0x00C0FFEE);
    EXPECT_EQ(outside, Image(24, 24, 0x00C0FFEE)) << i;
  }
}

TEST(TightPng, MutatedPng_FailsCleanlyOrStaysInsideRect) {
  expect_mutations_contained(with_header(tightpng::kPng, encode_png(testing::varied_image(16, 16))),
                             5);
}

TEST(TightPng, MutatedJpeg_FailsCleanlyOrStaysInsideRect) {
  expect_mutations_contained(
      with_header(tightpng::kJpeg, encode_jpeg(testing::varied_image(16, 16), 70)), 6);
}

}  // namespace
}  // namespace mks::codecs
