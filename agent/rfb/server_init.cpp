#include "agent/rfb/server_init.h"

#include "agent/errors.h"
#include "codecs/byte_order.h"

namespace mks::rfb {

using codecs::load_be16;

bool ServerInit::is_bgrx() const {
  return bits_per_pixel == 32 && depth == 24 && !big_endian && true_colour && red_max == 255 &&
         green_max == 255 && blue_max == 255 && red_shift == 16 && green_shift == 8 &&
         blue_shift == 0;
}

ServerInit parse_server_init_fixed(std::span<const std::uint8_t> b) {
  ServerInit s;
  s.width = load_be16(&b[0]);
  s.height = load_be16(&b[2]);
  s.bits_per_pixel = b[4];
  s.depth = b[5];
  s.big_endian = b[6] != 0;
  s.true_colour = b[7] != 0;
  s.red_max = load_be16(&b[8]);
  s.green_max = load_be16(&b[10]);
  s.blue_max = load_be16(&b[12]);
  s.red_shift = b[14];
  s.green_shift = b[15];
  s.blue_shift = b[16];
  if (s.width == 0 || s.height == 0) {
    throw ProtocolError("server announced an empty framebuffer (" + std::to_string(s.width) + "x" +
                        std::to_string(s.height) + ")");
  }
  return s;
}

std::uint32_t server_init_name_length(std::span<const std::uint8_t> b) {
  return codecs::load_be32(&b[20]);
}

}  // namespace mks::rfb
