#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/input/key_notation.h"
#include "agent/input/keyboard_layout.h"
#include "agent/rfb/client.h"
#include "agent/session/change_watch.h"
#include "agent/session/console_backend.h"
#include "agent/transport/connect.h"
#include "codecs/image.h"

namespace mks::session {

using Clock = std::chrono::steady_clock;

struct SessionOptions {
  transport::ConnectOptions connect;
  // Bound for the RFB handshake after the transport is up (version, security, ServerInit).
  std::chrono::milliseconds handshake_timeout{15000};
  // Pause after every key and pointer event. Guests poll their virtual keyboard (BIOS, GRUB
  // and ESXi's DCUI do so slowly) and drop keys that come faster; 10 ms per event, ~50
  // characters/s, is what we found safe. Packer uses 100 ms per key over VNC by default.
  std::chrono::milliseconds key_delay{10};
  // Encodings to announce, a forced encoding, the VNC password. open(url) fills in the
  // dialect from the URL when it is kAuto.
  rfb::ClientOptions rfb;

  // A fresh console connection after this one ended unasked (a vCenter target gets a new
  // ticket each time); empty: the session ends with the connection (a ticket URL is single
  // use and cannot reconnect). Tried `reconnect_attempts` times: at once, then after
  // `reconnect_backoff`, then after twice as long each time (0, 0.25, 0.5, 1, 2, 4 s).
  using Reconnector =
      std::function<boost::asio::awaitable<std::unique_ptr<transport::ByteStream>>()>;
  Reconnector reconnect;
  int reconnect_attempts = 6;
  std::chrono::milliseconds reconnect_backoff{250};
  // Why there is no reconnect, added to the error when the connection ends (a ticket URL).
  std::string no_reconnect_reason;
};

// One console: the connection, its RFB client running in the background, and the calls a
// command or a runbook makes on it. Single-threaded, on the stream's executor.
class Session {
 public:
  // Connects and completes the handshake (TimeoutError after options.handshake_timeout);
  // the message loop then runs until close() or the connection ends.
  static boost::asio::awaitable<std::shared_ptr<Session>> open(const transport::Url& url,
                                                               SessionOptions options);
  // The same over an already open stream (tests, other transports).
  static boost::asio::awaitable<std::shared_ptr<Session>> open(
      std::unique_ptr<transport::ByteStream> stream, SessionOptions options);
  // Over another console path (the vSphere API); options.rfb and reconnect are not used.
  static boost::asio::awaitable<std::shared_ptr<Session>> open(
      std::unique_ptr<ConsoleBackend> backend, SessionOptions options);
  ~Session();

  // The RFB client of an RFB console (server details, cursor); null on other paths.
  const rfb::Client* rfb_client() const { return backend_->rfb_client(); }
  std::uint64_t updates() const { return backend_->updates(); }
  std::string describe() const { return backend_->describe(); }
  // The error that ended the message loop; null while it runs.
  std::exception_ptr ended() const { return ended_; }

  // A copy of the framebuffer taken between updates once every pixel has been painted;
  // TimeoutError at the deadline, the connection's error if it ends first.
  boost::asio::awaitable<codecs::Image> wait_full_frame(Clock::time_point deadline);
  // Waits until no update arrived for `quiet` (or the deadline passes: no error).
  boost::asio::awaitable<void> settle(std::chrono::milliseconds quiet, Clock::time_point deadline);
  // Returns after the next complete update, at the deadline, or throws when the connection
  // ended.
  boost::asio::awaitable<void> wait_update(Clock::time_point deadline);
  Clock::time_point last_update() const { return last_update_; }

  // The live framebuffer: whole and consistent when screen_ready().
  const codecs::Image& screen() const { return backend_->framebuffer(); }
  bool screen_ready() const { return backend_->full_frame() && !backend_->in_update(); }
  // A watch told of every change from now on (the first take() returns the whole screen).
  std::shared_ptr<ChangeWatch> watch_changes();
  // Called after every complete update once the frame is whole (recorders): the screen and
  // when the update arrived. Keep it short: it runs inside the message loop.
  using FrameListener = std::function<void(const codecs::Image&, Clock::time_point)>;
  void on_frame(FrameListener listener) { frame_listeners_.push_back(std::move(listener)); }
  // Told of a lost connection and of each step of getting it back, one line each:
  // "console connection lost (...); reconnecting", "reconnected after N ms (attempt K)",
  // "first frame N ms after the connection was lost".
  using ReconnectListener = std::function<void(const std::string&)>;
  void on_reconnect(ReconnectListener listener) {
    reconnect_listeners_.push_back(std::move(listener));
  }
  // Types `text` through `layout` at the configured pace; std::invalid_argument names a
  // character the layout lacks (nothing is sent then).
  boost::asio::awaitable<void> type(std::u32string_view text, const input::KeyboardLayout& layout);
  // Presses a key or combo like "enter" or "ctrl+alt+delete" (down in order, up in reverse);
  // std::invalid_argument names an unknown key.
  boost::asio::awaitable<void> key(std::string_view combo);
  // Plays Packer key notation steps (input::parse_key_notation) at the configured pace; keys
  // it leaves held stay held until key_up or release_all. std::invalid_argument names a
  // character the layout lacks (nothing is sent then).
  boost::asio::awaitable<void> keys(std::vector<input::KeyStep> steps,
                                    const input::KeyboardLayout& layout);
  // Holds a key down until key_up (or release_all, which close() also does).
  boost::asio::awaitable<void> key_down(std::uint16_t scancode);
  boost::asio::awaitable<void> key_up(std::uint16_t scancode);
  boost::asio::awaitable<void> release_all();
  void set_key_delay(std::chrono::milliseconds delay) { options_.key_delay = delay; }
  std::chrono::milliseconds key_delay() const { return options_.key_delay; }

  // Pointer: absolute position in framebuffer pixels; buttons bit 0 left, 1 middle, 2 right.
  // UnsupportedError on a path without one (the vSphere API).
  boost::asio::awaitable<void> pointer(int x, int y, std::uint8_t buttons);
  int pointer_x() const { return pointer_x_; }
  int pointer_y() const { return pointer_y_; }
  std::uint8_t pointer_buttons() const { return pointer_buttons_; }

  // Tells a VMware server the session ends (when it asked to be told), then closes.
  boost::asio::awaitable<void> close();

 private:
  Session(std::unique_ptr<ConsoleBackend> backend, SessionOptions options);
  boost::asio::awaitable<void> handshake();
  void start_loop(std::shared_ptr<Session> self);
  boost::asio::awaitable<void> reconnect(std::shared_ptr<Session> self, std::exception_ptr cause);
  boost::asio::awaitable<void> replace_connection();
  void tell_reconnect(const std::string& what) const;
  void retire_connection();
  std::exception_ptr without_reconnect(std::exception_ptr cause) const;
  // Input waits here while a reconnect is under way, and until the connection's first update
  // (at most handshake_timeout): it brings VMware's ServerCaps and QEMU's extended key event
  // ack, without which keys would go out as keysyms.
  boost::asio::awaitable<void> wait_ready_for_input();
  void update_done();
  void notify();
  boost::asio::awaitable<void> wait_notified(Clock::time_point deadline);
  boost::asio::awaitable<void> pause();
  void rethrow_if_ended() const;
  void tell_watches(std::span<const codecs::Rect> rects, bool everything);

  std::unique_ptr<ConsoleBackend> backend_;
  SessionOptions options_;
  std::vector<boost::asio::steady_timer*> waiters_;  // woken on every update and at the end
  bool frame_wanted_ = false;
  std::optional<codecs::Image> frame_;
  // Connections replaced by a reconnect.
  std::vector<std::unique_ptr<ConsoleBackend>> retired_;
  std::exception_ptr ended_;
  bool closing_ = false;       // close() was called: an ending connection is expected
  bool reconnecting_ = false;  // between a lost connection and the next handshake
  boost::asio::steady_timer* backoff_ = nullptr;  // the wait before the next reconnect
  std::optional<Clock::time_point> lost_at_;      // until the first whole frame after a reconnect
  std::vector<ReconnectListener> reconnect_listeners_;
  Clock::time_point last_update_ = Clock::now();
  std::vector<std::weak_ptr<ChangeWatch>> watches_;
  std::vector<FrameListener> frame_listeners_;
  std::vector<std::uint16_t> held_keys_;
  int pointer_x_ = 0;
  int pointer_y_ = 0;
  std::uint8_t pointer_buttons_ = 0;
};

}  // namespace mks::session
