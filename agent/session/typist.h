#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "agent/input/key_notation.h"
#include "agent/input/keyboard_layout.h"
#include "agent/session/key_sink.h"

namespace mks::session {

// Key events at a steady pace: the guest's keyboard handling drops keys that come too fast.
// Remembers the keys it holds down (down()) until up() or release_all().
class Typist {
 public:
  Typist(KeySink& sink, std::chrono::milliseconds delay) : sink_(sink), delay_(delay) {}

  // Types `text` through `layout`: per character (Shift / AltGr down) key down, key up
  // (modifiers up), and Space after a dead key. Throws std::invalid_argument naming a
  // character the layout has no key for, before sending anything.
  boost::asio::awaitable<void> type(std::u32string_view text, const input::KeyboardLayout& layout);
  // Presses `codes` in order and releases them in reverse ("ctrl+alt+delete").
  boost::asio::awaitable<void> press(std::span<const std::uint16_t> codes);
  // Holds a key down until up() or release_all(); pressing a held key again sends nothing.
  boost::asio::awaitable<void> down(std::uint16_t scancode);
  // Releases a key (also one this typist does not hold: the guest may think it is down).
  boost::asio::awaitable<void> up(std::uint16_t scancode);
  // Releases every held key, the last pressed first.
  boost::asio::awaitable<void> release_all();
  std::span<const std::uint16_t> held() const { return held_; }
  // Runs a parsed key notation (input::parse_key_notation): text through `layout`, key
  // presses, holds and releases, waits. Characters in text and in <xOn>/<xOff> are checked
  // against the layout before anything is sent. Keys still held at the end stay held.
  boost::asio::awaitable<void> run(std::span<const input::KeyStep> steps,
                                   const input::KeyboardLayout& layout);
  // One key event, then the pause.
  boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym, bool down);

 private:
  boost::asio::awaitable<void> stroke(const input::KeyStroke& s, std::uint32_t keysym);
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds duration);

  KeySink& sink_;
  std::chrono::milliseconds delay_;
  std::vector<std::uint16_t> held_;
};

}  // namespace mks::session
