#include "tools/webmks_sim/keyboard_decoder.h"

#include <array>

#include "agent/rfb/protocol.h"

namespace mks::sim {
namespace {

// Scancodes, docs/webmks-protocol.md §7.
namespace sc {
constexpr std::uint16_t kBackspace = 0x0E;
constexpr std::uint16_t kEnter = 0x1C;
constexpr std::uint16_t kLeftCtrl = 0x1D;
constexpr std::uint16_t kLeftShift = 0x2A;
constexpr std::uint16_t kRightShift = 0x36;
constexpr std::uint16_t kLeftAlt = 0x38;
constexpr std::uint16_t kCapsLock = 0x3A;
constexpr std::uint16_t kNumLock = 0x45;
constexpr std::uint16_t kScrollLock = 0x46;
constexpr std::uint16_t kKeypadDecimal = 0x53;  // Del when Num Lock is off
constexpr std::uint16_t kKeypadEnter = 0x11C;
constexpr std::uint16_t kRightCtrl = 0x11D;
constexpr std::uint16_t kAltGr = 0x138;
constexpr std::uint16_t kDelete = 0x153;
}  // namespace sc

using Kind = KeyAction::Kind;

// Keys that are actions rather than characters; the keypad's double up when Num Lock is off.
struct ActionKey {
  std::uint16_t scancode;
  KeyAction action;
  bool keypad = false;
};
constexpr std::array kActionKeys{
    ActionKey{0x01, KeyAction::of(Kind::kEscape)},
    ActionKey{0x148, KeyAction::of(Kind::kUp)},
    ActionKey{0x150, KeyAction::of(Kind::kDown)},
    ActionKey{0x14B, KeyAction::of(Kind::kLeft)},
    ActionKey{0x14D, KeyAction::of(Kind::kRight)},
    ActionKey{0x147, KeyAction::of(Kind::kHome)},
    ActionKey{0x14F, KeyAction::of(Kind::kEnd)},
    ActionKey{0x149, KeyAction::of(Kind::kPageUp)},
    ActionKey{0x151, KeyAction::of(Kind::kPageDown)},
    ActionKey{0x152, KeyAction::of(Kind::kInsert)},
    ActionKey{sc::kDelete, KeyAction::of(Kind::kDelete)},
    ActionKey{0x48, KeyAction::of(Kind::kUp), true},
    ActionKey{0x50, KeyAction::of(Kind::kDown), true},
    ActionKey{0x4B, KeyAction::of(Kind::kLeft), true},
    ActionKey{0x4D, KeyAction::of(Kind::kRight), true},
    ActionKey{0x47, KeyAction::of(Kind::kHome), true},
    ActionKey{0x4F, KeyAction::of(Kind::kEnd), true},
    ActionKey{0x49, KeyAction::of(Kind::kPageUp), true},
    ActionKey{0x51, KeyAction::of(Kind::kPageDown), true},
    ActionKey{0x52, KeyAction::of(Kind::kInsert), true},
    ActionKey{sc::kKeypadDecimal, KeyAction::of(Kind::kDelete), true},
};

// F1-F10 are 0x3B-0x44, F11 and F12 0x57 and 0x58.
int function_key(std::uint16_t scancode) {
  if (scancode >= 0x3B && scancode <= 0x44) return scancode - 0x3B + 1;
  if (scancode == 0x57 || scancode == 0x58) return scancode - 0x57 + 11;
  return 0;
}

struct LockKey {
  std::uint16_t scancode;
  std::uint32_t led;
};
constexpr std::array kLockKeys{
    LockKey{sc::kCapsLock, rfb::led::kCapsLock},
    LockKey{sc::kNumLock, rfb::led::kNumLock},
    LockKey{sc::kScrollLock, rfb::led::kScrollLock},
};

bool is_lower_letter(std::optional<char32_t> c) {
  return c && *c >= U'a' && *c <= U'z';
}

}  // namespace

KeyAction KeyboardDecoder::key(std::uint16_t scancode, bool down) {
  if (track_modifier(scancode, down) || !down) return KeyAction::none();
  for (const auto& lock : kLockKeys) {
    if (lock.scancode == scancode) {
      leds_ ^= lock.led;
      return KeyAction::none();
    }
  }
  return press(scancode);
}

bool KeyboardDecoder::track_modifier(std::uint16_t scancode, bool down) {
  switch (scancode) {
    case sc::kLeftShift:
      left_shift_ = down;
      return true;
    case sc::kRightShift:
      right_shift_ = down;
      return true;
    case sc::kLeftCtrl:
      left_ctrl_ = down;
      return true;
    case sc::kRightCtrl:
      right_ctrl_ = down;
      return true;
    case sc::kLeftAlt:
      left_alt_ = down;
      return true;
    case sc::kAltGr:
      altgr_ = down;
      return true;
    default:
      return false;
  }
}

KeyAction KeyboardDecoder::press(std::uint16_t scancode) {
  const bool any_alt = left_alt_ || altgr_;
  const bool del =
      scancode == sc::kDelete || (scancode == sc::kKeypadDecimal && !(leds_ & rfb::led::kNumLock));
  if (ctrl() && any_alt && del) return KeyAction::of(KeyAction::Kind::kCtrlAltDel);
  if (scancode == sc::kEnter || scancode == sc::kKeypadEnter) {
    return KeyAction::of(KeyAction::Kind::kEnter);
  }
  if (scancode == sc::kBackspace) return KeyAction::of(KeyAction::Kind::kBackspace);
  if (const int n = function_key(scancode)) return KeyAction::function(n);
  const bool num_lock = leds_ & rfb::led::kNumLock;
  for (const auto& key : kActionKeys) {
    if (key.scancode == scancode && !(key.keypad && num_lock)) return key.action;
  }
  // Alt chords are commands, not text; Ctrl+letter is a control key (Ctrl+X, Ctrl+D).
  if (left_alt_) return KeyAction::none();
  if (ctrl()) {
    const auto plain = layout_.char_for({scancode, false, false});
    return is_lower_letter(plain) ? KeyAction::ctrl(*plain) : KeyAction::none();
  }
  return character(scancode);
}

KeyAction KeyboardDecoder::character(std::uint16_t scancode) const {
  const auto plain = layout_.char_for({scancode, false, altgr_});
  // Caps Lock shifts letters only, and Shift undoes it, as on a PC console.
  const bool caps = (leds_ & rfb::led::kCapsLock) && is_lower_letter(plain);
  const bool shifted = shift() != caps;
  const auto c = shifted ? layout_.char_for({scancode, true, altgr_}) : plain;
  if (!c || (*c < U' ' && *c != U'\t') || *c == 0x7F) return KeyAction::none();
  return KeyAction::character(*c);
}

}  // namespace mks::sim
