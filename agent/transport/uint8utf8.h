#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The WebMKS "uint8utf8" subprotocol (docs/webmks-protocol.md §1.2): each byte 0-255 travels
// as the character U+0000-U+00FF of a UTF-8 text frame.
namespace mks::transport::uint8utf8 {

std::string encode(std::span<const std::uint8_t> bytes);
// Appends the decoded bytes to `out`. Throws mks::ProtocolError on malformed UTF-8 or a
// character above U+00FF.
void decode(std::string_view text, std::vector<std::uint8_t>& out);

}  // namespace mks::transport::uint8utf8
