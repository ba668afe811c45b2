#pragma once

#include <cstdint>
#include <span>
#include <vector>

// Client-to-server RFB and VMware messages as bytes (RFC 6143 §7.5; webmks-protocol.md §6).
namespace mks::rfb::client_message {

using Bytes = std::vector<std::uint8_t>;

// 32 bpp, depth 24, little-endian, true colour, max 255, shifts 16/8/0: pixels B,G,R,X.
Bytes set_pixel_format_bgrx();
Bytes set_encodings(std::span<const std::int32_t> encodings);
Bytes update_request(std::uint8_t incremental, std::uint16_t width, std::uint16_t height);
Bytes key_event(std::uint32_t keysym, bool down);
Bytes pointer_event(std::uint8_t buttons, std::uint16_t x, std::uint16_t y);
Bytes vmw_key_event(std::uint16_t scancode, bool down);
// QEMU extended key event: the scancode (0x100|code for 0xE0 keys) goes out as QEMU's XT
// keycode (0x80|code for those), with the keysym beside it.
Bytes qemu_key_event(std::uint32_t keysym, std::uint16_t scancode, bool down);
// rfbproto EnableContinuousUpdates for the rectangle 0,0 width x height.
Bytes enable_continuous_updates(bool enable, std::uint16_t width, std::uint16_t height);
// rfbproto ClientFence; `payload` is at most 64 bytes.
Bytes client_fence(std::uint32_t flags, std::span<const std::uint8_t> payload);
Bytes vmw_client_caps(std::uint32_t caps);
Bytes vmw_update_ack(std::uint8_t update_id, std::uint32_t decode_ms);
Bytes vmw_session_close(std::uint32_t reason);

}  // namespace mks::rfb::client_message
