// RfbServerSession: what the client sends after ServerInit (docs/webmks-protocol.md §6).
#include <spdlog/spdlog.h>

#include <cstdio>

#include "agent/errors.h"
#include "agent/rfb/protocol.h"
#include "tools/webmks_sim/rfb_server_session.h"
#include "tools/webmks_sim/server_messages.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using rfb::ClientMessage;
using rfb::VmwClientMessage;

constexpr std::size_t kPixelFormatLength = 16;
constexpr std::size_t kMaxCutText = 1 << 20;
constexpr std::uint16_t kVmwHeaderLength = 4;

// Fixed total lengths (header included) of the VMware messages this server reads.
struct VmwLength {
  VmwClientMessage id;
  std::uint16_t length;
};
constexpr VmwLength kVmwLengths[] = {
    {VmwClientMessage::kKeyEvent, 8},          {VmwClientMessage::kPointerEvent2, 19},
    {VmwClientMessage::kClientCaps, 8},        {VmwClientMessage::kUpdateAck, 8},
    {VmwClientMessage::kKeyEvent2, 10},        {VmwClientMessage::kSessionClose, 8},
    {VmwClientMessage::kRequestResolution, 8},
};

std::string hex(std::uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", value);
  return text;
}

std::uint16_t be16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

void check_length(std::uint8_t id, std::uint16_t length) {
  for (const auto& fixed : kVmwLengths) {
    if (static_cast<std::uint8_t>(fixed.id) == id && fixed.length != length) {
      throw ProtocolError("VMware message " + std::to_string(id) + " has length " +
                          std::to_string(length) + ", expected " + std::to_string(fixed.length));
    }
  }
}

}  // namespace

asio::awaitable<void> RfbServerSession::on_message(std::uint8_t type) {
  switch (static_cast<ClientMessage>(type)) {
    case ClientMessage::kSetPixelFormat:
      // The WebMKS client never sends it; others get our format whatever they ask.
      co_await reader_.skip(3 + kPixelFormatLength);
      co_return;
    case ClientMessage::kSetEncodings:
      co_return co_await on_set_encodings();
    case ClientMessage::kFramebufferUpdateRequest:
      co_return co_await on_update_request();
    case ClientMessage::kKeyEvent:
      co_return co_await on_key_event();
    case ClientMessage::kPointerEvent:
      co_return co_await on_pointer_event();
    case ClientMessage::kClientCutText:
      co_return co_await on_cut_text();
    case ClientMessage::kVmware:
      co_return co_await on_vmware();
  }
  // Type 1 is no client message: it is the ClientInit byte (shared) of a client that expects
  // a full handshake on a console that starts at ServerInit (authd's, WebMKS direct).
  if (type == 1 && options_.handshake == Handshake::kDirect && messages_ == 0) {
    throw ProtocolError(
        "the client sent a ClientInit after ServerInit: this console starts at ServerInit and "
        "takes none");
  }
  throw ProtocolError("unknown client message type " + std::to_string(type));
}

asio::awaitable<void> RfbServerSession::on_set_encodings() {
  co_await reader_.skip(1);
  const std::uint16_t count = co_await reader_.u16();
  encodings_.clear();
  for (std::uint16_t i = 0; i < count; ++i) {
    const std::int32_t encoding = co_await reader_.s32();
    encodings_.push_back(encoding);
  }
  if (caps_sent_ || !announced(rfb::encoding::kVmwServerCaps)) co_return;
  // Sent only to a client that announced it can read ServerCaps (§4).
  std::uint32_t caps =
      rfb::server_caps::kKeyEvent | rfb::server_caps::kClientCaps | rfb::server_caps::kSessionClose;
  if (options_.push) caps |= rfb::server_caps::kUpdateAck;
  stream_.send(msg::server_caps(caps));
  caps_sent_ = true;
}

asio::awaitable<void> RfbServerSession::on_update_request() {
  const std::uint8_t incremental = co_await reader_.u8();
  co_await reader_.skip(8);  // x, y, w, h: this client always asks for everything
  grant_update(incremental == 0);
}

asio::awaitable<void> RfbServerSession::on_key_event() {
  const std::uint8_t down_flag = co_await reader_.u8();
  const bool down = down_flag != 0;
  co_await reader_.skip(2);
  const std::uint32_t keysym = co_await reader_.u32();
  emit({{"event", "key"}, {"keysym", hex(keysym)}, {"down", down}});
  machine_.keysym(keysym, down);
}

asio::awaitable<void> RfbServerSession::on_pointer_event() {
  const std::uint8_t buttons = co_await reader_.u8();
  const std::uint16_t x = co_await reader_.u16();
  const std::uint16_t y = co_await reader_.u16();
  emit({{"event", "pointer"}, {"x", x}, {"y", y}, {"buttons", buttons}});
  machine_.pointer(x, y, buttons);
}

asio::awaitable<void> RfbServerSession::on_cut_text() {
  co_await reader_.skip(3);
  const std::uint32_t length = co_await reader_.u32();
  if (length > kMaxCutText) throw ProtocolError("ClientCutText of " + std::to_string(length));
  const auto text = co_await reader_.bytes(length);
  emit({{"event", "cut-text"}, {"length", length}});
}

asio::awaitable<void> RfbServerSession::on_vmware() {
  const std::uint8_t id = co_await reader_.u8();
  const std::uint16_t length = co_await reader_.u16();
  if (length < kVmwHeaderLength) {
    throw ProtocolError("VMware message " + std::to_string(id) + " shorter than its header");
  }
  check_length(id, length);
  const auto payload = co_await reader_.bytes(length - kVmwHeaderLength);
  on_vmware_message(id, payload);
}

void RfbServerSession::on_vmware_message(std::uint8_t id, const std::vector<std::uint8_t>& p) {
  switch (static_cast<VmwClientMessage>(id)) {
    case VmwClientMessage::kKeyEvent:
      return on_vmw_key(p);
    case VmwClientMessage::kKeyEvent2:
      return on_vmw_key2(p);
    case VmwClientMessage::kPointerEvent2:
      return on_vmw_pointer2(p);
    case VmwClientMessage::kClientCaps:
      spdlog::debug("{}: ClientCaps {}", peer_, hex(be32(p, 0)));
      return;
    case VmwClientMessage::kUpdateAck:
      return grant_update(false);
    case VmwClientMessage::kSessionClose:
      emit({{"event", "session-close"}, {"peer", peer_}, {"reason", be32(p, 0)}});
      return;
    case VmwClientMessage::kRequestResolution:  // the simulated screen has one size
      return;
  }
  spdlog::debug("{}: skipped VMware message {} ({} bytes)", peer_, id, p.size());
}

void RfbServerSession::on_vmw_key(const std::vector<std::uint8_t>& p) {
  const std::uint16_t scancode = be16(p, 0);
  const bool down = p[2] != 0;
  emit({{"event", "key"}, {"scancode", hex(scancode)}, {"down", down}});
  machine_.scancode(scancode, down);
}

void RfbServerSession::on_vmw_key2(const std::vector<std::uint8_t>& p) {
  const std::uint32_t code = be32(p, 0);
  const bool down = p[4] != 0;
  const bool raw = p[5] != 0;
  emit({{"event", "key"}, {raw ? "keycode" : "unicode", hex(code)}, {"down", down}});
  if (!down) return;
  // Raw JS key codes: only Enter (13) and Backspace (8) mean something to the console.
  if (!raw) machine_.unicode(static_cast<char32_t>(code));
  if (raw && (code == 13 || code == 8)) machine_.unicode(code == 13 ? U'\r' : U'\b');
}

void RfbServerSession::on_vmw_pointer2(const std::vector<std::uint8_t>& p) {
  emit({{"event", "pointer"},
        {"kind", p[0] == 1 ? "wheel" : "relative"},
        {"x", static_cast<std::int32_t>(be32(p, 1))},
        {"y", static_cast<std::int32_t>(be32(p, 5))},
        {"buttons", be32(p, 9)},
        {"dy", static_cast<std::int8_t>(p[13])},
        {"dx", static_cast<std::int8_t>(p[14])}});
}

}  // namespace mks::sim
