#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace mks::input {

// One key press that types a character: the PC set-1 scancode of the key (0xE0 keys as
// 0x100|code, docs/webmks-protocol.md §7) and the modifiers to hold with it.
struct KeyStroke {
  std::uint16_t scancode = 0;
  bool shift = false;
  bool altgr = false;
  // A dead key (German ^ ´ `): it types nothing alone but waits for the next key; Space after
  // it types the character itself.
  bool dead = false;
  bool operator==(const KeyStroke&) const = default;
};

// A guest keyboard layout: which key types which character. Tables are data, one per layout.
class KeyboardLayout {
 public:
  // "us" (ANSI), "de" (QWERTZ), "jp" (JIS 106/109). Throws std::invalid_argument naming the
  // known layouts.
  static const KeyboardLayout& by_name(std::string_view name);
  static std::vector<std::string_view> names();

  virtual ~KeyboardLayout() = default;
  virtual std::string_view name() const = 0;
  // The key that types `c` on this layout; nullopt when the layout has no key for it.
  virtual std::optional<KeyStroke> stroke_for(char32_t c) const = 0;
  // The same, or std::invalid_argument: `layout "us" has no key for "¥" (U+00A5)`.
  KeyStroke require_stroke(char32_t c) const;
  // What the guest sees when `stroke` is pressed (after a Space for a dead key); nullopt for
  // non-character keys. `stroke.dead` is not looked at.
  virtual std::optional<char32_t> char_for(const KeyStroke& stroke) const = 0;
};

}  // namespace mks::input
