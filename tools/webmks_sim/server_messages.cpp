#include "tools/webmks_sim/server_messages.h"

#include <stdexcept>

#include "agent/rfb/protocol.h"

namespace mks::sim::msg {
namespace {

constexpr std::uint8_t kBitsPerPixel = 32;
constexpr std::uint8_t kDepth = 24;
constexpr std::uint16_t kColourMax = 255;
constexpr std::uint16_t kVmwServerCapsLength = 8;
constexpr std::uint16_t kVmwHeartbeatLength = 6;
constexpr std::uint16_t kCursorVisible = 1;
constexpr std::size_t kMaxRects = 0xFFFF;

ByteWriter vmw(rfb::VmwServerMessage id, std::uint16_t length) {
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(rfb::ServerMessage::kVmware))
      .u8(static_cast<std::uint8_t>(id))
      .u16(length);
  return w;
}

}  // namespace

std::vector<std::uint8_t> security_types_none() {
  return ByteWriter().u8(1).u8(rfb::security::kNone).take();
}

std::vector<std::uint8_t> security_result_ok() {
  return ByteWriter().u32(0).take();
}

std::vector<std::uint8_t> server_init(int width, int height, std::string_view name) {
  ByteWriter w;
  w.u16(static_cast<std::uint16_t>(width)).u16(static_cast<std::uint16_t>(height));
  w.u8(kBitsPerPixel).u8(kDepth).u8(0 /* little-endian */).u8(1 /* true colour */);
  w.u16(kColourMax).u16(kColourMax).u16(kColourMax);
  w.u8(16).u8(8).u8(0).zeros(3);
  w.u32(static_cast<std::uint32_t>(name.size())).text(name);
  return w.take();
}

std::vector<std::uint8_t> server_caps(std::uint32_t caps) {
  return vmw(rfb::VmwServerMessage::kServerCaps, kVmwServerCapsLength).u32(caps).take();
}

std::vector<std::uint8_t> heartbeat(std::uint16_t value) {
  return vmw(rfb::VmwServerMessage::kHeartbeat, kVmwHeartbeatLength).u16(value).take();
}

void Update::rect(const codecs::Rect& r, std::int32_t encoding,
                  std::span<const std::uint8_t> payload) {
  if (count_ == kMaxRects) throw std::length_error("FramebufferUpdate: too many rectangles");
  rects_.u16(static_cast<std::uint16_t>(r.x)).u16(static_cast<std::uint16_t>(r.y));
  rects_.u16(static_cast<std::uint16_t>(r.w)).u16(static_cast<std::uint16_t>(r.h));
  rects_.s32(encoding).bytes(payload);
  ++count_;
}

void Update::cursor_state(bool visible) {
  const std::uint16_t flags = visible ? kCursorVisible : 0;
  const std::uint8_t payload[] = {static_cast<std::uint8_t>(flags >> 8),
                                  static_cast<std::uint8_t>(flags)};
  rect({}, rfb::encoding::kVmwCursorState, payload);
}

void Update::led_state(std::uint32_t leds) {
  rect({}, rfb::encoding::kVmwLedState, ByteWriter().u32(leds).take());
}

std::vector<std::uint8_t> Update::finish(std::uint8_t request_id) {
  if (count_ == 0) throw std::logic_error("FramebufferUpdate without rectangles");
  ByteWriter w;
  w.u8(static_cast<std::uint8_t>(rfb::ServerMessage::kFramebufferUpdate)).u8(request_id);
  w.u16(static_cast<std::uint16_t>(count_)).bytes(rects_.take());
  count_ = 0;
  return w.take();
}

}  // namespace mks::sim::msg
