#include "agent/transport/thumbprint.h"

#include <openssl/evp.h>

#include <cctype>
#include <stdexcept>

namespace mks::transport {
namespace {

constexpr std::size_t kSha1Bytes = 20;
constexpr std::size_t kSha256Bytes = 32;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const int lower = std::tolower(static_cast<unsigned char>(c));
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}

}  // namespace

Thumbprint Thumbprint::parse(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c == ':' || c == ' ') continue;
    if (hex_value(c) < 0) {
      throw std::invalid_argument("thumbprint contains '" + std::string(1, c) +
                                  "', which is not a hex digit");
    }
    digits.push_back(c);
  }
  if (digits.size() != 2 * kSha1Bytes && digits.size() != 2 * kSha256Bytes) {
    throw std::invalid_argument("thumbprint has " + std::to_string(digits.size()) +
                                " hex digits; expected 40 (SHA-1) or 64 (SHA-256)");
  }
  Thumbprint result;
  result.algorithm = digits.size() == 2 * kSha1Bytes ? Algorithm::kSha1 : Algorithm::kSha256;
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    result.digest.push_back(
        static_cast<std::uint8_t>(hex_value(digits[i]) * 16 + hex_value(digits[i + 1])));
  }
  return result;
}

Thumbprint Thumbprint::of_certificate(std::span<const std::uint8_t> der, Algorithm algorithm) {
  const EVP_MD* md = algorithm == Algorithm::kSha1 ? EVP_sha1() : EVP_sha256();
  Thumbprint result;
  result.algorithm = algorithm;
  result.digest.resize(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  if (EVP_Digest(der.data(), der.size(), result.digest.data(), &size, md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a certificate digest");
  }
  result.digest.resize(size);
  return result;
}

std::string Thumbprint::to_string() const {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const std::uint8_t byte : digest) {
    if (!out.empty()) out.push_back(':');
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
  }
  return out;
}

}  // namespace mks::transport
