#include "agent/session/typist.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <vector>

#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"

namespace mks::session {
namespace {

// X11 keysymdef.h.
constexpr std::uint32_t kXkShiftL = 0xFFE1;
constexpr std::uint32_t kXkIsoLevel3Shift = 0xFE03;  // AltGr
constexpr std::uint32_t kXkSpace = 0x20;

std::uint32_t keysym_of(std::uint16_t scancode) {
  return input::keysym::for_scancode(scancode).value_or(0);
}

}  // namespace

boost::asio::awaitable<void> Typist::key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  co_await sink_.key(scancode, keysym, down);
  co_await sleep(delay_);
}

boost::asio::awaitable<void> Typist::sleep(std::chrono::milliseconds duration) {
  if (duration.count() <= 0) co_return;
  boost::asio::steady_timer pause(sink_.executor(), duration);
  co_await pause.async_wait(boost::asio::use_awaitable);
}

boost::asio::awaitable<void> Typist::stroke(const input::KeyStroke& s, std::uint32_t keysym) {
  if (s.shift) co_await key(input::scancode::kLeftShift, kXkShiftL, true);
  if (s.altgr) co_await key(input::scancode::kRightAlt, kXkIsoLevel3Shift, true);
  co_await key(s.scancode, keysym, true);
  co_await key(s.scancode, keysym, false);
  if (s.altgr) co_await key(input::scancode::kRightAlt, kXkIsoLevel3Shift, false);
  if (s.shift) co_await key(input::scancode::kLeftShift, kXkShiftL, false);
  if (s.dead && sink_.takes_scancodes()) {
    // A keysym server types the character itself; a scancode guest waits for the next key.
    co_await key(input::scancode::kSpace, kXkSpace, true);
    co_await key(input::scancode::kSpace, kXkSpace, false);
  }
}

boost::asio::awaitable<void> Typist::type(std::u32string_view text,
                                          const input::KeyboardLayout& layout) {
  std::vector<input::KeyStroke> strokes;
  strokes.reserve(text.size());
  for (char32_t c : text) strokes.push_back(layout.require_stroke(c));
  for (std::size_t i = 0; i < strokes.size(); ++i) {
    co_await stroke(strokes[i], input::keysym::for_character(text[i]));
  }
}

boost::asio::awaitable<void> Typist::press(std::span<const std::uint16_t> codes) {
  for (auto code : codes) co_await key(code, keysym_of(code), true);
  for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
    co_await key(*it, keysym_of(*it), false);
  }
}

boost::asio::awaitable<void> Typist::down(std::uint16_t scancode) {
  if (std::find(held_.begin(), held_.end(), scancode) != held_.end()) co_return;
  held_.push_back(scancode);
  co_await key(scancode, keysym_of(scancode), true);
}

boost::asio::awaitable<void> Typist::up(std::uint16_t scancode) {
  std::erase(held_, scancode);
  co_await key(scancode, keysym_of(scancode), false);
}

boost::asio::awaitable<void> Typist::release_all() {
  while (!held_.empty()) {
    const std::uint16_t last = held_.back();
    co_await up(last);
  }
}

boost::asio::awaitable<void> Typist::run(std::span<const input::KeyStep> steps,
                                         const input::KeyboardLayout& layout) {
  using Kind = input::KeyStep::Kind;
  // Character toggles (<cOn>) resolve to the key that types the character, without Shift:
  // Packer holds the key itself.
  std::vector<std::uint16_t> codes(steps.size(), 0);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    if (step.kind == Kind::kText) {
      for (char32_t c : step.text) layout.require_stroke(c);
    } else if ((step.kind == Kind::kDown || step.kind == Kind::kUp) && step.scancode == 0) {
      codes[i] = layout.require_stroke(step.text.at(0)).scancode;
    } else {
      codes[i] = step.scancode;
    }
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    const std::uint16_t code = codes[i];
    const std::u32string_view text = step.text;
    const std::span<const std::uint16_t> one(&codes[i], 1);
    switch (step.kind) {
      case Kind::kText:
        co_await type(text, layout);
        break;
      case Kind::kPress:
        co_await press(one);
        break;
      case Kind::kDown:
        co_await down(code);
        break;
      case Kind::kUp:
        co_await up(code);
        break;
      case Kind::kWait:
        co_await sleep(step.wait);
        break;
    }
  }
}

}  // namespace mks::session
