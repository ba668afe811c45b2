#include "codecs/raw_decoder.h"

#include <gtest/gtest.h>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

TEST(Raw, PayloadSize_IsFourBytesPerPixelWithoutOverflow) {
  EXPECT_EQ(raw_payload_size({0, 0, 3, 2}), 24u);
  EXPECT_EQ(raw_payload_size({0, 0, 65535, 65535}), std::size_t{65535} * 65535 * 4);
  EXPECT_EQ(raw_payload_size({0, 0, 0, 9}), 0u);
  EXPECT_THROW(raw_payload_size({0, 0, -1, 1}), DecodeError);
}

TEST(Raw, Decode_PaintsBgrxPixels) {
  Image fb(4, 4, 0);
  const std::vector<std::uint8_t> payload = {0x01, 0x02, 0x03, 0x00, 0x30, 0x20, 0x10, 0x00};
  decode_raw(payload, {1, 2, 2, 1}, fb);
  EXPECT_EQ(fb.at(1, 2) & 0xFFFFFF, rgb(0x03, 0x02, 0x01));
  EXPECT_EQ(fb.at(2, 2) & 0xFFFFFF, rgb(0x10, 0x20, 0x30));
  EXPECT_EQ(fb.at(0, 2), 0u);
  EXPECT_EQ(fb.at(3, 2), 0u);
  EXPECT_EQ(fb.at(1, 1), 0u);
}

TEST(Raw, Decode_MultipleRowsLandOnTheirRows) {
  Image fb(3, 3, 0);
  std::vector<std::uint8_t> payload;
  for (std::uint8_t i = 1; i <= 4; ++i) payload.insert(payload.end(), {i, 0, 0, 0});
  decode_raw(payload, {1, 1, 2, 2}, fb);
  EXPECT_EQ(fb.at(1, 1), 1u);
  EXPECT_EQ(fb.at(2, 1), 2u);
  EXPECT_EQ(fb.at(1, 2), 3u);
  EXPECT_EQ(fb.at(2, 2), 4u);
}

TEST(Raw, Decode_WrongPayloadSizeThrowsAndNamesRaw) {
  Image fb(4, 4, 0);
  const std::vector<std::uint8_t> payload(4 * 4 * 4);
  for (std::size_t n : {std::size_t{0}, std::size_t{63}, std::size_t{65}}) {
    std::vector<std::uint8_t> wrong(n);
    try {
      decode_raw(wrong, {0, 0, 4, 4}, fb);
      FAIL() << n;
    } catch (const DecodeError& e) {
      EXPECT_NE(std::string(e.what()).find("Raw"), std::string::npos);
    }
  }
  EXPECT_NO_THROW(decode_raw(payload, {0, 0, 4, 4}, fb));
}

TEST(Raw, Decode_RectangleOutsideFramebufferThrows) {
  Image fb(4, 4, 0);
  EXPECT_THROW(decode_raw(std::vector<std::uint8_t>(16), {3, 3, 2, 2}, fb), DecodeError);
  EXPECT_THROW(decode_raw({}, {0, 0, 65535, 65535}, fb), DecodeError);
  EXPECT_EQ(fb, Image(4, 4, 0));
}

TEST(Raw, Decode_EmptyRectangleIsNoOp) {
  Image fb(4, 4, 5);
  decode_raw({}, {4, 4, 0, 0}, fb);
  EXPECT_EQ(fb, Image(4, 4, 5));
}

}  // namespace
}  // namespace mks::codecs
