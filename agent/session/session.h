#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <exception>
#include <memory>
#include <string_view>

#include "agent/input/keyboard_layout.h"
#include "agent/rfb/client.h"
#include "agent/transport/connect.h"
#include "codecs/image.h"

namespace mks::session {

using Clock = std::chrono::steady_clock;

struct SessionOptions {
  transport::ConnectOptions connect;
  // Pause after every key event. ESXi's virtual keyboard drops keys that come faster than the
  // guest's typematic handling; 10 ms per event (~50 characters/s) is safe there.
  std::chrono::milliseconds key_delay{10};
};

// One console: the connection, its RFB client running in the background, and the calls a
// command or a runbook makes on it.
class Session {
 public:
  // Connects and completes the handshake; the message loop then runs until close().
  static boost::asio::awaitable<std::shared_ptr<Session>> open(const transport::Url& url,
                                                               SessionOptions options);
  ~Session();

  const rfb::Client& client() const { return *client_; }
  std::string describe() const { return stream_->describe(); }

  // The framebuffer once every pixel has been painted; TimeoutError at the deadline,
  // the connection's error if it ends first.
  boost::asio::awaitable<codecs::Image> wait_full_frame(Clock::time_point deadline);
  // Waits until no update arrived for `quiet` (or the deadline passes: no error).
  boost::asio::awaitable<void> settle(std::chrono::milliseconds quiet, Clock::time_point deadline);

  // Types `text` through `layout`; std::invalid_argument names a character the layout lacks.
  boost::asio::awaitable<void> type(std::u32string_view text, const input::KeyboardLayout& layout);
  // Presses a combo like "ctrl+alt+delete" (keys down in order, up in reverse).
  boost::asio::awaitable<void> key(std::string_view combo);

  boost::asio::awaitable<void> close();

 private:
  Session(std::unique_ptr<transport::ByteStream> stream, SessionOptions options);
  boost::asio::awaitable<void> wait_change(Clock::time_point deadline);
  boost::asio::awaitable<void> send_key(std::uint16_t scancode, std::uint32_t keysym, bool down);
  void rethrow_if_ended() const;

  std::unique_ptr<transport::ByteStream> stream_;
  std::unique_ptr<rfb::Client> client_;
  SessionOptions options_;
  boost::asio::steady_timer changed_;  // cancelled on every update and at the end
  std::exception_ptr ended_;
  bool running_ = false;
  Clock::time_point last_update_ = Clock::now();
};

}  // namespace mks::session
