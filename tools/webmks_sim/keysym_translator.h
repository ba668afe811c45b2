#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "agent/input/keyboard_layout.h"

namespace mks::sim {

// Scancodes to X11 keysyms as the guest's layout types them, for upstream VNC servers that
// take keysyms: follows Shift and AltGr from the scancodes it sees, and releases a key with
// the keysym it was pressed with (X servers match the two).
class KeysymTranslator {
 public:
  explicit KeysymTranslator(const input::KeyboardLayout& layout) : layout_(layout) {}

  // The keysym to send with this press or release (0 for a key without one).
  std::uint32_t key(std::uint16_t scancode, bool down);
  // The key that types `keysym` (with or without Shift), for servers that want a scancode
  // too; 0 when no key does.
  std::uint16_t scancode_for(std::uint32_t keysym) const;
  // The key that types `c` on the guest's layout.
  std::optional<input::KeyStroke> stroke_for(char32_t c) const { return layout_.stroke_for(c); }

 private:
  std::uint32_t keysym_now(std::uint16_t scancode) const;
  bool types(std::uint16_t scancode, bool shifted, std::uint32_t keysym) const;
  bool shift() const;

  const input::KeyboardLayout& layout_;
  std::map<std::uint16_t, std::uint32_t> pressed_;  // held keys and the keysym sent for each
};

}  // namespace mks::sim
