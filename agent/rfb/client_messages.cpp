#include "agent/rfb/client_messages.h"

#include <algorithm>

#include "agent/rfb/protocol.h"
#include "codecs/byte_order.h"

namespace mks::rfb::client_message {
namespace {

using codecs::append_be16;
using codecs::append_be32;

Bytes vmw_header(VmwClientMessage type, std::uint16_t length) {
  Bytes out{static_cast<std::uint8_t>(ClientMessage::kVmware), static_cast<std::uint8_t>(type)};
  append_be16(out, length);
  return out;
}

}  // namespace

Bytes set_pixel_format_bgrx() {
  // 32 bpp, depth 24, little-endian, true colour, 255 per channel, red at bit 16, green at 8,
  // blue at 0, 3 padding bytes; after the type and 3 padding bytes.
  const std::uint8_t format[16] = {32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0};
  Bytes out(4 + sizeof format);
  out[0] = static_cast<std::uint8_t>(ClientMessage::kSetPixelFormat);
  std::copy(std::begin(format), std::end(format), out.begin() + 4);
  return out;
}

Bytes set_encodings(std::span<const std::int32_t> encodings) {
  Bytes out{static_cast<std::uint8_t>(ClientMessage::kSetEncodings), 0};
  append_be16(out, static_cast<std::uint16_t>(encodings.size()));
  for (auto e : encodings) append_be32(out, static_cast<std::uint32_t>(e));
  return out;
}

Bytes update_request(std::uint8_t incremental, std::uint16_t width, std::uint16_t height) {
  Bytes out{static_cast<std::uint8_t>(ClientMessage::kFramebufferUpdateRequest), incremental};
  append_be16(out, 0);
  append_be16(out, 0);
  append_be16(out, width);
  append_be16(out, height);
  return out;
}

Bytes key_event(std::uint32_t keysym, bool down) {
  Bytes out{static_cast<std::uint8_t>(ClientMessage::kKeyEvent),
            down ? std::uint8_t{1} : std::uint8_t{0}, 0, 0};
  append_be32(out, keysym);
  return out;
}

Bytes pointer_event(std::uint8_t buttons, std::uint16_t x, std::uint16_t y) {
  Bytes out{static_cast<std::uint8_t>(ClientMessage::kPointerEvent), buttons};
  append_be16(out, x);
  append_be16(out, y);
  return out;
}

Bytes vmw_key_event(std::uint16_t scancode, bool down) {
  Bytes out = vmw_header(VmwClientMessage::kKeyEvent, 8);
  append_be16(out, scancode);
  out.push_back(down ? 1 : 0);
  out.push_back(0);
  return out;
}

Bytes qemu_key_event(std::uint32_t keysym, std::uint16_t scancode, bool down) {
  constexpr std::uint8_t kExtendedKeyEvent = 0;
  const std::uint32_t keycode = (scancode & 0x100) ? (0x80u | (scancode & 0x7Fu)) : scancode;
  Bytes out{kQemuClientMessage, kExtendedKeyEvent};
  append_be16(out, down ? 1 : 0);
  append_be32(out, keysym);
  append_be32(out, keycode);
  return out;
}

Bytes enable_continuous_updates(bool enable, std::uint16_t width, std::uint16_t height) {
  Bytes out{kEnableContinuousUpdatesMessage, enable ? std::uint8_t{1} : std::uint8_t{0}};
  append_be16(out, 0);
  append_be16(out, 0);
  append_be16(out, width);
  append_be16(out, height);
  return out;
}

Bytes client_fence(std::uint32_t flags, std::span<const std::uint8_t> payload) {
  Bytes out{kClientFenceMessage, 0, 0, 0};
  append_be32(out, flags);
  out.push_back(static_cast<std::uint8_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes vmw_client_caps(std::uint32_t caps) {
  Bytes out = vmw_header(VmwClientMessage::kClientCaps, 8);
  append_be32(out, caps);
  return out;
}

Bytes vmw_update_ack(std::uint8_t update_id, std::uint32_t decode_ms) {
  Bytes out = vmw_header(VmwClientMessage::kUpdateAck, 8);
  out.push_back(update_id);
  out.push_back(0);
  append_be16(out,
              static_cast<std::uint16_t>(std::min<std::uint32_t>((decode_ms + 2) * 10, 0xFFFF)));
  return out;
}

Bytes vmw_session_close(std::uint32_t reason) {
  Bytes out = vmw_header(VmwClientMessage::kSessionClose, 8);
  append_be32(out, reason);
  return out;
}

}  // namespace mks::rfb::client_message
