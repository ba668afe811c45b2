#pragma once

#include <cstdint>

#include "agent/input/keyboard_layout.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// The guest's keyboard driver: turns PC set-1 scancodes (0xE0 keys as 0x100|code) into
// characters through a layout, tracking Shift, Ctrl, Alt, AltGr and the three lock keys.
class KeyboardDecoder {
 public:
  explicit KeyboardDecoder(const input::KeyboardLayout& layout) : layout_(layout) {}

  KeyAction key(std::uint16_t scancode, bool down);
  // VMWLEDState bits (rfb::led): Scroll 1, Num 2, Caps 4.
  std::uint32_t leds() const { return leds_; }
  bool shift() const { return left_shift_ || right_shift_; }
  bool ctrl() const { return left_ctrl_ || right_ctrl_; }
  bool alt() const { return left_alt_; }

 private:
  bool track_modifier(std::uint16_t scancode, bool down);
  KeyAction press(std::uint16_t scancode);
  KeyAction character(std::uint16_t scancode) const;

  const input::KeyboardLayout& layout_;
  bool left_shift_ = false;
  bool right_shift_ = false;
  bool left_ctrl_ = false;
  bool right_ctrl_ = false;
  bool left_alt_ = false;
  bool altgr_ = false;
  std::uint32_t leds_ = 0;
};

}  // namespace mks::sim
