// VMware server messages (type 127): u8 id, u16 total length including the 4 header bytes
// (webmks-protocol.md §3).
#include <string>

#include "agent/errors.h"
#include "agent/limits.h"
#include "agent/rfb/client.h"
#include "agent/rfb/client_messages.h"
#include "agent/rfb/protocol.h"

namespace mks::rfb {
namespace {

constexpr std::uint16_t kAudioLength = 36;
constexpr std::uint32_t kClientDisconnectReason = 23;  // what VMware's client sends

void expect_length(std::uint16_t length, std::uint16_t want, const char* name) {
  if (length != want) {
    throw ProtocolError(std::string("VMware ") + name + " message with length " +
                        std::to_string(length) + " (expected " + std::to_string(want) + ")");
  }
}

}  // namespace

void Client::server_caps_changed(std::uint32_t caps) {
  server_caps_ = caps;  // each ServerCaps replaces the previous set
  saw_caps_ = true;
  if (caps & server_caps::kClientCaps) {
    stream_.send(client_message::vmw_client_caps(
        client_caps::kHeartbeat | client_caps::kSetReconnectToken | client_caps::kSessionClose));
  }
}

void Client::say_goodbye() {
  if (server_caps_ & server_caps::kSessionClose) {
    stream_.send(client_message::vmw_session_close(kClientDisconnectReason));
  }
}

boost::asio::awaitable<void> Client::read_vmware_message() {
  const auto id = static_cast<VmwServerMessage>(co_await in_.u8());
  const std::uint16_t length = co_await in_.u16();
  if (length < 4) throw ProtocolError("VMware message with length " + std::to_string(length));
  switch (id) {
    case VmwServerMessage::kServerCaps:
      expect_length(length, 8, "ServerCaps");
      server_caps_changed(co_await in_.u32());
      break;
    case VmwServerMessage::kAudio: {
      // The sample data follow the fixed part outside the announced length.
      expect_length(length, kAudioLength, "Audio");
      const std::uint32_t data_length = co_await in_.u32();
      if (data_length > limits::kMaxVmwAudioData) {
        throw ProtocolError("server sent a VMware Audio message with " +
                            limits::size_text(data_length) + " of data, over the limit of " +
                            limits::size_text(limits::kMaxVmwAudioData));
      }
      co_await in_.skip(kAudioLength - 8u + data_length);
      break;
    }
    case VmwServerMessage::kHeartbeat:
      expect_length(length, 6, "Heartbeat");
      co_await in_.skip(2);
      break;
    case VmwServerMessage::kSetReconnectToken: {
      auto token = co_await in_.read(length - 4u);
      reconnect_token_.assign(token.begin(), token.end());
      break;
    }
    case VmwServerMessage::kSessionClose:
      expect_length(length, 8, "SessionClose");
      session_close_reason_ = co_await in_.u32();
      if (observers.on_session_close) observers.on_session_close(*session_close_reason_);
      break;
    case VmwServerMessage::kAudioMixer:
      expect_length(length, 20, "AudioMixer");
      co_await in_.skip(16);
      break;
    default:
      co_await in_.skip(length - 4u);
  }
}

}  // namespace mks::rfb
