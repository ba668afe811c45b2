#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/rfb/client.h"
#include "agent/transport/connect.h"
#include "tools/webmks_sim/keysym_translator.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::sim {

struct UpstreamOptions {
  std::string url;                             // vnc://HOST:PORT, ws://… or wss://…
  std::string password;                        // for VNC authentication
  std::string layout = "us";                   // the guest's keyboard layout (Shift+key → keysym)
  rfb::Dialect dialect = rfb::Dialect::kAuto;  // kAuto: from the URL
  transport::ConnectOptions connect;
  // For the RFB handshake and the first whole frame after the transport is up.
  std::chrono::milliseconds start_timeout{15000};
};

// A real VNC server as the machine sessions serve: the agent's RFB client mirrors its
// framebuffer (whole updates only) and gets the sessions' keys and pointer.
class UpstreamMachine final : public Machine {
 public:
  // Connects, completes the handshake and waits for the first whole frame. Throws an
  // AgentError (TransportError, AuthError, TimeoutError, …) with one line, or
  // std::invalid_argument for a bad URL.
  static boost::asio::awaitable<std::shared_ptr<UpstreamMachine>> open(UpstreamOptions options,
                                                                       EventSink events = {});
  ~UpstreamMachine() override;
  UpstreamMachine(const UpstreamMachine&) = delete;
  UpstreamMachine& operator=(const UpstreamMachine&) = delete;

  const codecs::Image& framebuffer() const override { return mirror_; }
  std::uint32_t leds() const override { return client_.leds(); }
  void scancode(std::uint16_t code, bool down) override;
  void keysym(std::uint32_t keysym, bool down) override;
  void unicode(char32_t c) override;
  void pointer(int x, int y, std::uint8_t buttons) override;
  void add_observer(ScreenObserver* observer) override;
  void remove_observer(ScreenObserver* observer) override;

  // {"event":"upstream","state":"connected","url",…,"width","height","name"}
  nlohmann::json connected_event() const;
  // Called once when the upstream connection ends, after the observers were told.
  void on_lost(std::function<void(const std::string& reason)> callback);
  bool lost() const { return lost_; }
  // Ends the upstream connection (observers are told as for a loss).
  boost::asio::awaitable<void> close();

 private:
  UpstreamMachine(std::unique_ptr<transport::ByteStream> stream, UpstreamOptions options,
                  EventSink events);
  boost::asio::awaitable<void> start();
  void start_loop(std::shared_ptr<UpstreamMachine> self);
  void updated(std::span<const codecs::Rect> painted);
  void ended(std::exception_ptr error);

  std::unique_ptr<transport::ByteStream> stream_;
  rfb::Client client_;
  UpstreamOptions options_;
  EventSink events_;
  KeysymTranslator keysyms_;
  codecs::Image mirror_;
  std::vector<codecs::Rect> unmirrored_;  // painted since the last whole frame
  std::vector<ScreenObserver*> observers_;
  boost::asio::steady_timer first_frame_;
  bool lost_ = false;
  std::string lost_reason_;
  std::function<void(const std::string&)> on_lost_;
};

}  // namespace mks::sim
