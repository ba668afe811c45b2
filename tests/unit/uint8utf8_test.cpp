#include "agent/transport/uint8utf8.h"

#include <gtest/gtest.h>

#include "agent/errors.h"

namespace mks::transport {
namespace {

TEST(Uint8Utf8, EncodeDecode_AllByteValues_RoundTrip) {
  std::vector<std::uint8_t> bytes(256);
  for (int i = 0; i < 256; ++i) bytes[i] = static_cast<std::uint8_t>(i);
  const std::string text = uint8utf8::encode(bytes);
  EXPECT_EQ(text.size(), 128u + 2 * 128u);
  std::vector<std::uint8_t> decoded;
  uint8utf8::decode(text, decoded);
  EXPECT_EQ(decoded, bytes);
}

TEST(Uint8Utf8, Encode_HighByte_IsTwoByteUtf8) {
  const std::vector<std::uint8_t> bytes = {0x41, 0xFF, 0x80};
  EXPECT_EQ(uint8utf8::encode(bytes), "A\xC3\xBF\xC2\x80");
}

TEST(Uint8Utf8, Decode_CharacterAboveU00FF_ThrowsProtocolError) {
  std::vector<std::uint8_t> out;
  EXPECT_THROW(uint8utf8::decode("\xC4\x80", out), ProtocolError);      // U+0100
  EXPECT_THROW(uint8utf8::decode("\xE2\x82\xAC", out), ProtocolError);  // €
}

TEST(Uint8Utf8, Decode_TruncatedSequence_ThrowsProtocolError) {
  std::vector<std::uint8_t> out;
  EXPECT_THROW(uint8utf8::decode("a\xC3", out), ProtocolError);
  EXPECT_THROW(uint8utf8::decode("\xC3\x41", out), ProtocolError);
}

TEST(Uint8Utf8, Decode_AppendsToExistingBytes) {
  std::vector<std::uint8_t> out = {1};
  uint8utf8::decode("\x02", out);
  EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 2}));
}

}  // namespace
}  // namespace mks::transport
