// Client: how updates keep coming — update requests, VMware update acks, continuous updates
// and the fences that come with them (rfbproto).
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/client_messages.h"
#include "agent/rfb/protocol.h"

namespace mks::rfb {
namespace {

namespace msg = client_message;

// Messages are handled strictly in order, so every ordering a server may ask for holds.
constexpr std::uint32_t kFenceFlagsHonoured =
    fence::kBlockBefore | fence::kBlockAfter | fence::kSyncNext;

}  // namespace

void Client::request_next(std::uint8_t update_id, std::chrono::steady_clock::duration decode_time) {
  if (server_caps_ & server_caps::kUpdateAck) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(decode_time).count();
    stream_.send(msg::vmw_update_ack(update_id, static_cast<std::uint32_t>(ms)));
    return;
  }
  // WebMKS servers put an update id where RFB has padding and expect it back as the
  // incremental flag (webmks-protocol.md §3.1).
  if (saw_caps_ || server_.direct_variant()) {
    request_update(update_id);
    return;
  }
  // Plain RFB: non-incremental until the whole screen has arrived, then incremental — or
  // nothing once the server pushes changes by itself.
  if (!coverage_.complete()) {
    request_update(0);
    wake_qemu_refresh();
  } else if (!continuous_updates_) {
    request_update(1);
  }
}

void Client::request_update(std::uint8_t incremental) {
  stream_.send(msg::update_request(incremental, static_cast<std::uint16_t>(framebuffer_.width()),
                                   static_cast<std::uint16_t>(framebuffer_.height())));
  ++update_requests_;
}

// QEMU sends updates only on its display refresh timer, whose interval grows by 50 ms at each
// tick with nothing to send and restarts at 30 ms on any input message (ui/vnc.c,
// protocol_client_msg). A new client's connection costs one such empty tick, so its first
// frame waits ~80 ms. The release of a key that is not pressed is input to QEMU's VNC server
// but never reaches the guest (QEMU's keyboard state drops it, as do TigerVNC and guests' own
// keyboard drivers); sent once, when QEMU has acknowledged its key events and no pixel has
// arrived yet, it brings the first frame forward by ~50 ms.
void Client::wake_qemu_refresh() {
  if (!qemu_key_events_ || woke_qemu_refresh_ || !coverage_.empty()) return;
  woke_qemu_refresh_ = true;
  constexpr std::uint16_t kLeftShiftScancode = 0x2A;
  constexpr std::uint32_t kLeftShiftKeysym = 0xFFE1;
  stream_.send(msg::qemu_key_event(kLeftShiftKeysym, kLeftShiftScancode, false));
}

void Client::enable_continuous_updates() {
  stream_.send(msg::enable_continuous_updates(true,
                                              static_cast<std::uint16_t>(framebuffer_.width()),
                                              static_cast<std::uint16_t>(framebuffer_.height())));
}

// The first EndOfContinuousUpdates answers SetEncodings: the server has them, so turn them
// on. One while they are on means the server stopped them: back to requests.
void Client::end_of_continuous_updates() {
  if (continuous_updates_) {
    continuous_updates_ = false;
    request_update(coverage_.complete() ? 1 : 0);
    return;
  }
  continuous_updates_ = true;
  enable_continuous_updates();
}

boost::asio::awaitable<void> Client::read_server_fence() {
  co_await in_.skip(3);
  const std::uint32_t flags = co_await in_.u32();
  const std::uint8_t length = co_await in_.u8();
  if (length > fence::kMaxPayload) {
    throw ProtocolError("server sent a fence with " + std::to_string(length) +
                        " bytes of payload (at most 64)");
  }
  auto payload = co_await in_.read(length);
  // A fence without the request bit answers one of ours; this client sends none.
  if (!(flags & fence::kRequest)) co_return;
  stream_.send(msg::client_fence(flags & kFenceFlagsHonoured, payload));
  ++fences_answered_;
}

}  // namespace mks::rfb
