#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>

namespace mks::session {

// Where key events go: a console backend (RFB, the vSphere API) or, in tests, an RFB client.
class KeySink {
 public:
  virtual ~KeySink() = default;
  virtual boost::asio::any_io_executor executor() const = 0;
  // A press or release of the key with this set-1 scancode (0xE0 keys as 0x100|code);
  // `keysym` is for servers that take characters (RFB KeyEvent).
  virtual boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym,
                                           bool down) = 0;
  // True when the guest gets key positions (scancodes, HID usages) and decodes them with its
  // own layout; false for a keysym server, which types characters itself.
  virtual bool takes_scancodes() const = 0;
};

}  // namespace mks::session
