#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/image.h"
#include "codecs/vmw_cursor.h"

// The standard RFB cursor pseudo-encodings (rfbproto). r.x, r.y carry the hotspot, r.w, r.h
// the size; both throw DecodeError for a wrong payload size or a cursor over 256x256.
namespace mks::codecs {

// Cursor (-239): w*h pixels B,G,R,X, then a 1-bit opacity mask, rows padded to a byte.
std::size_t rich_cursor_payload_size(const Rect& r);
CursorShape decode_rich_cursor(std::span<const std::uint8_t> payload, const Rect& r);

// Cursor With Alpha (-314) after its s32 encoding, for Raw: w*h pixels R,G,B,A with
// premultiplied alpha, as TigerVNC (who defined it) sends them; returned with straight alpha.
// QEMU up to 9.x sends its 0xAARRGGBB words little-endian and straight, so its cursor colours
// come out with red and blue swapped: harmless, as the cursor is only drawn on request.
std::size_t alpha_cursor_payload_size(const Rect& r);
CursorShape decode_alpha_cursor(std::span<const std::uint8_t> payload, const Rect& r);

}  // namespace mks::codecs
