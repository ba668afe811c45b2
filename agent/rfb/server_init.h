#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace mks::rfb {

// ServerInit (RFC 6143 §7.3.2) and how the connection got there.
struct ServerInit {
  int width = 0;
  int height = 0;
  std::uint8_t bits_per_pixel = 0;
  std::uint8_t depth = 0;
  bool big_endian = false;
  bool true_colour = false;
  std::uint16_t red_max = 0, green_max = 0, blue_max = 0;
  std::uint8_t red_shift = 0, green_shift = 0, blue_shift = 0;
  std::string name;
  // "RFB 003.008" etc., or empty for WebMKS's direct variant (ServerInit first, no handshake).
  std::string version;

  bool direct_variant() const { return version.empty(); }
  // The 32-bit B,G,R,X little-endian format every decoder here expects.
  bool is_bgrx() const;
};

// Parses the fixed 24-byte part (name length as its last u32). Throws ProtocolError for an
// empty framebuffer.
ServerInit parse_server_init_fixed(std::span<const std::uint8_t> bytes24);
std::uint32_t server_init_name_length(std::span<const std::uint8_t> bytes24);

}  // namespace mks::rfb
