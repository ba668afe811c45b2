#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mks::transport {

// A certificate fingerprint to pin, as ESXi and vCenter show them: SHA-1 (20 bytes) or
// SHA-256 (32 bytes), hex with or without ':' separators, any case.
struct Thumbprint {
  enum class Algorithm { kSha1, kSha256 };
  Algorithm algorithm = Algorithm::kSha256;
  std::vector<std::uint8_t> digest;

  // Throws std::invalid_argument naming the problem (not hex, wrong length).
  static Thumbprint parse(std::string_view text);
  // Digest of a DER-encoded certificate with the given algorithm.
  static Thumbprint of_certificate(std::span<const std::uint8_t> der, Algorithm algorithm);
  // Upper-case hex with ':' separators, as vSphere prints them.
  std::string to_string() const;
  bool operator==(const Thumbprint&) const = default;
};

}  // namespace mks::transport
