#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace mks::rfb {

constexpr std::size_t kVncAuthChallengeSize = 16;

// VNC authentication (RFC 6143 §7.2.2): the 16-byte challenge encrypted with DES, the key
// being the password's first 8 bytes (zero-padded) with each byte's bits reversed.
std::array<std::uint8_t, kVncAuthChallengeSize> vnc_auth_response(
    std::span<const std::uint8_t> challenge, std::string_view password);

}  // namespace mks::rfb
