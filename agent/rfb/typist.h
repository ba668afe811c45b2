#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "agent/input/keyboard_layout.h"
#include "agent/rfb/client.h"

namespace mks::rfb {

// Key events at a steady pace: the guest's keyboard handling drops keys that come too fast.
class Typist {
 public:
  Typist(Client& client, std::chrono::milliseconds delay) : client_(client), delay_(delay) {}

  // Types `text` through `layout`: per character (Shift / AltGr down) key down, key up
  // (modifiers up). Throws std::invalid_argument naming a character the layout has no key
  // for, before sending anything.
  boost::asio::awaitable<void> type(std::u32string_view text, const input::KeyboardLayout& layout);
  // Presses `codes` in order and releases them in reverse ("ctrl+alt+delete").
  boost::asio::awaitable<void> press(std::span<const std::uint16_t> codes);
  // One key event, then the pause.
  boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym, bool down);

 private:
  Client& client_;
  std::chrono::milliseconds delay_;
};

}  // namespace mks::rfb
