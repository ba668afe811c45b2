#include "agent/transport/uint8utf8.h"

#include "agent/errors.h"

namespace mks::transport::uint8utf8 {

std::string encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    if (byte < 0x80) {
      out.push_back(static_cast<char>(byte));
    } else {
      out.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  return out;
}

void decode(std::string_view text, std::vector<std::uint8_t>& out) {
  out.reserve(out.size() + text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto lead = static_cast<std::uint8_t>(text[i]);
    if (lead < 0x80) {
      out.push_back(lead);
      continue;
    }
    // Only U+0080-U+00FF are legal here: lead byte 0xC2 or 0xC3 and one continuation byte.
    const bool two_byte = (lead == 0xC2 || lead == 0xC3) && i + 1 < text.size() &&
                          (static_cast<std::uint8_t>(text[i + 1]) & 0xC0) == 0x80;
    if (!two_byte) {
      throw ProtocolError(
          "the console sent a uint8utf8 text message with a character above U+00FF "
          "or broken UTF-8");
    }
    out.push_back(static_cast<std::uint8_t>(((lead & 0x03) << 6) |
                                            (static_cast<std::uint8_t>(text[i + 1]) & 0x3F)));
    ++i;
  }
}

}  // namespace mks::transport::uint8utf8
