#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "agent/session/key_sink.h"
#include "codecs/image.h"

namespace mks::rfb {
class Client;
}

namespace mks::session {

// One way to a console, under a Session: RFB over a stream (WebMKS, VNC) or the vSphere API
// (keys by PutUsbScanCodes, the screen polled). It keeps the framebuffer, tells of each
// whole update with its changed rectangles, and takes key and pointer events. Single-threaded,
// on executor().
class ConsoleBackend : public KeySink {
 public:
  struct Observers {
    std::function<void(std::span<const codecs::Rect>)> on_update;  // after a whole update
    std::function<void(int, int)> on_resize;  // the framebuffer is unpainted again
  };
  Observers observers;

  virtual std::string describe() const = 0;
  // Handshake or first contact; false when it did not finish within `timeout`.
  virtual boost::asio::awaitable<bool> start_within(std::chrono::milliseconds timeout) = 0;
  // Delivers updates until close() (returns) or a failure (throws it, one line).
  virtual boost::asio::awaitable<void> run() = 0;

  virtual const codecs::Image& framebuffer() const = 0;
  virtual bool full_frame() const = 0;  // every pixel painted at least once
  virtual bool in_update() const = 0;   // the framebuffer is part old, part new
  virtual std::uint64_t updates() const = 0;

  // Absolute position in framebuffer pixels; buttons bit 0 left, 1 middle, 2 right.
  // UnsupportedError on a path without a pointer.
  virtual void pointer(int x, int y, std::uint8_t buttons) = 0;
  // Tells the server the session ends, when it asked to be told.
  virtual void say_goodbye() {}
  virtual boost::asio::awaitable<void> close() = 0;

  // The RFB client under an RFB backend (server details, cursor); null on other paths.
  virtual const rfb::Client* rfb_client() const { return nullptr; }
};

}  // namespace mks::session
