#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/byte_stream.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/net/sim_server.h"
#include "tools/webmks_sim/server_messages.h"
#include "tools/webmks_sim/stream_reader.h"

namespace mks::sim {

// docs/webmks-protocol.md §2: the client tells the variants apart by the length of the
// first WebSocket message.
enum class Handshake { kRfb, kDirect };

struct SessionOptions {
  Handshake handshake = Handshake::kRfb;
  bool push = false;  // announce UpdateAck: the client acks, the server pushes
  std::chrono::milliseconds heartbeat{std::chrono::seconds(5)};  // 0: none
  std::string name = "mks-sim";
  int tile = 64;  // side of the update tiles, so solid areas go out as fills
};

// The server side of one WebMKS/RFB connection to a machine (simulated or upstream).
class RfbServerSession final : private ScreenObserver {
 public:
  RfbServerSession(transport::ByteStream& stream, Machine& machine, SessionOptions options,
                   EventSink events, std::string peer = {});
  ~RfbServerSession();
  RfbServerSession(const RfbServerSession&) = delete;
  RfbServerSession& operator=(const RfbServerSession&) = delete;

  // Runs until the client leaves or breaks the protocol (reported as an event); throws only
  // for failures of the simulator itself.
  boost::asio::awaitable<void> run();

 private:
  // False when the client broke the protocol (reported) or left.
  boost::asio::awaitable<bool> handshake();
  boost::asio::awaitable<void> exchange_init();
  void report(const AgentError& error);
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> update_loop();
  boost::asio::awaitable<void> heartbeat_loop();

  // Client messages (rfb_client_messages.cpp).
  boost::asio::awaitable<void> on_message(std::uint8_t type);
  boost::asio::awaitable<void> on_set_encodings();
  boost::asio::awaitable<void> on_update_request();
  boost::asio::awaitable<void> on_key_event();
  boost::asio::awaitable<void> on_pointer_event();
  boost::asio::awaitable<void> on_cut_text();
  boost::asio::awaitable<void> on_vmware();
  void on_vmware_message(std::uint8_t id, const std::vector<std::uint8_t>& payload);
  void on_vmw_key(const std::vector<std::uint8_t>& payload);
  void on_vmw_key2(const std::vector<std::uint8_t>& payload);
  void on_vmw_pointer2(const std::vector<std::uint8_t>& payload);

  void screen_changed(std::span<const codecs::Rect> dirty) override;
  void leds_changed(std::uint32_t leds) override;
  void screen_resized(int width, int height) override;
  void machine_lost(const std::string& reason) override;

  bool announced(std::int32_t encoding) const;
  bool update_due() const;
  void send_update();
  void add_size(msg::Update& update);
  void grant_update(bool full);
  void wake();
  void emit(nlohmann::json event) const;

  transport::ByteStream& stream_;
  Machine& machine_;
  SessionOptions options_;
  EventSink events_;
  std::string peer_;
  StreamReader reader_;
  boost::asio::steady_timer wake_;

  std::vector<std::int32_t> encodings_;
  bool caps_sent_ = false;
  bool may_send_ = false;      // a request or an ack is waiting for an update
  bool full_pending_ = false;  // the next update is the whole framebuffer
  bool cursor_sent_ = false;
  bool leds_pending_ = true;    // the first update reports the LEDs
  bool size_pending_ = false;   // the next update starts with a DesktopSize
  std::string closing_;         // why the session ends early (set: the update loop closes)
  std::uint64_t messages_ = 0;  // client messages read so far
  std::vector<codecs::Rect> dirty_;
};

// A SessionHandler body for SimServer: one RfbServerSession over `stream`.
boost::asio::awaitable<void> serve_session(std::unique_ptr<transport::ByteStream> stream,
                                           ConnectionInfo info, Machine& machine,
                                           SessionOptions options, EventSink events);

}  // namespace mks::sim
