#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/image.h"

namespace mks::codecs {

// A cursor image with straight alpha in the top byte of each pixel (0 transparent, 255 opaque).
struct CursorShape {
  Image image;
  int hotspot_x = 0;
  int hotspot_y = 0;
};

// VMWDefineCursor payload: u8 type, u8 padding, then type 0 (AND mask w*h*4, XOR pixels w*h*4)
// or type 1 (w*h*4 B,G,R,A). r.x, r.y carry the hotspot, r.w, r.h the size.
constexpr std::size_t kVmwDefineCursorHeaderSize = 2;
// Total payload size (header included) for a cursor of `type`; throws DecodeError for an
// unknown type or a size over the cursor limit.
std::size_t vmw_define_cursor_payload_size(std::uint8_t type, const Rect& r);
CursorShape decode_vmw_define_cursor(std::span<const std::uint8_t> payload, const Rect& r);

// Alpha-blends `cursor` onto `fb` with its hotspot at (x, y), clipped to fb.
void draw_cursor(Image& fb, const CursorShape& cursor, int x, int y);

}  // namespace mks::codecs
