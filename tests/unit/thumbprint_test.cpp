#include "agent/transport/thumbprint.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace mks::transport {
namespace {

constexpr char kSha1OfAbc[] = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";
constexpr char kSha256OfAbc[] =
    "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:"
    "15:AD";

std::span<const std::uint8_t> abc() {
  static constexpr std::uint8_t kBytes[] = {'a', 'b', 'c'};
  return kBytes;
}

std::string parse_error(const std::string& text) {
  try {
    Thumbprint::parse(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(Thumbprint, Parse_Sha1WithColons_IsSha1) {
  const Thumbprint print = Thumbprint::parse(kSha1OfAbc);
  EXPECT_EQ(print.algorithm, Thumbprint::Algorithm::kSha1);
  ASSERT_EQ(print.digest.size(), 20u);
  EXPECT_EQ(print.digest[0], 0xA9);
  EXPECT_EQ(print.digest[19], 0x9D);
}

TEST(Thumbprint, Parse_Sha256LowerCaseWithoutColons_IsSha256) {
  const Thumbprint print =
      Thumbprint::parse("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(print.algorithm, Thumbprint::Algorithm::kSha256);
  EXPECT_EQ(print.to_string(), kSha256OfAbc);
}

TEST(Thumbprint, Parse_NonHexDigit_NamesIt) {
  std::string text = kSha1OfAbc;
  text[1] = 'g';
  EXPECT_NE(parse_error(text).find("'g', which is not a hex digit"), std::string::npos);
}

TEST(Thumbprint, Parse_WrongLength_SaysExpectedLengths) {
  const std::string error = parse_error("AB:CD:EF");
  EXPECT_NE(error.find("has 6 hex digits"), std::string::npos) << error;
  EXPECT_NE(error.find("40 (SHA-1) or 64 (SHA-256)"), std::string::npos) << error;
  EXPECT_NE(parse_error("").find("has 0 hex digits"), std::string::npos);
}

TEST(Thumbprint, OfCertificate_MatchesKnownDigests) {
  EXPECT_EQ(Thumbprint::of_certificate(abc(), Thumbprint::Algorithm::kSha1).to_string(),
            kSha1OfAbc);
  EXPECT_EQ(Thumbprint::of_certificate(abc(), Thumbprint::Algorithm::kSha256).to_string(),
            kSha256OfAbc);
}

TEST(Thumbprint, ParseOfToString_RoundTripsAndCompares) {
  const Thumbprint print = Thumbprint::of_certificate(abc(), Thumbprint::Algorithm::kSha1);
  EXPECT_EQ(Thumbprint::parse(print.to_string()), print);
  EXPECT_NE(Thumbprint::parse(kSha256OfAbc), print);
}

}  // namespace
}  // namespace mks::transport
