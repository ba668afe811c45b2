#include "agent/rfb/typist.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"

namespace mks::rfb {
namespace {

// X11 keysymdef.h.
constexpr std::uint32_t kXkShiftL = 0xFFE1;
constexpr std::uint32_t kXkIsoLevel3Shift = 0xFE03;  // AltGr

std::string code_point(char32_t c) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
  return text;
}

}  // namespace

boost::asio::awaitable<void> Typist::key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  client_.key(scancode, keysym, down);
  if (delay_.count() <= 0) co_return;
  boost::asio::steady_timer pause(client_.executor(), delay_);
  co_await pause.async_wait(boost::asio::use_awaitable);
}

boost::asio::awaitable<void> Typist::type(std::u32string_view text,
                                          const input::KeyboardLayout& layout) {
  std::vector<input::KeyStroke> strokes;
  for (char32_t c : text) {
    auto stroke = layout.stroke_for(c);
    if (!stroke) {
      throw std::invalid_argument("the " + std::string(layout.name()) +
                                  " keyboard layout has no key for character " + code_point(c));
    }
    strokes.push_back(*stroke);
  }
  for (std::size_t i = 0; i < strokes.size(); ++i) {
    const auto& s = strokes[i];
    const std::uint32_t sym = input::keysym::for_character(text[i]);
    if (s.shift) co_await key(input::scancode::kLeftShift, kXkShiftL, true);
    if (s.altgr) co_await key(input::scancode::kRightAlt, kXkIsoLevel3Shift, true);
    co_await key(s.scancode, sym, true);
    co_await key(s.scancode, sym, false);
    if (s.altgr) co_await key(input::scancode::kRightAlt, kXkIsoLevel3Shift, false);
    if (s.shift) co_await key(input::scancode::kLeftShift, kXkShiftL, false);
  }
}

boost::asio::awaitable<void> Typist::press(std::span<const std::uint16_t> codes) {
  for (auto code : codes) co_await key(code, input::keysym::for_scancode(code).value_or(0), true);
  for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
    co_await key(*it, input::keysym::for_scancode(*it).value_or(0), false);
  }
}

}  // namespace mks::rfb
