#include "tools/webmks_sim/keysym_decoder.h"

#include <array>

namespace mks::sim {
namespace {

// X11 keysymdef.h.
namespace xk {
constexpr std::uint32_t kBackSpace = 0xFF08;
constexpr std::uint32_t kTab = 0xFF09;
constexpr std::uint32_t kReturn = 0xFF0D;
constexpr std::uint32_t kKpEnter = 0xFF8D;
constexpr std::uint32_t kControlL = 0xFFE3;
constexpr std::uint32_t kControlR = 0xFFE4;
constexpr std::uint32_t kAltL = 0xFFE9;
constexpr std::uint32_t kAltR = 0xFFEA;
constexpr std::uint32_t kMetaL = 0xFFE7;
constexpr std::uint32_t kMetaR = 0xFFE8;
constexpr std::uint32_t kDelete = 0xFFFF;
constexpr std::uint32_t kKpDelete = 0xFF9F;
constexpr std::uint32_t kEscape = 0xFF1B;
constexpr std::uint32_t kF1 = 0xFFBE;
constexpr std::uint32_t kF12 = 0xFFC9;
constexpr std::uint32_t kUnicodeBase = 0x01000000;  // 0x01000000 + code point
}  // namespace xk

using Kind = KeyAction::Kind;

struct ActionKeysym {
  std::uint32_t keysym;
  Kind kind;
};
constexpr std::array kActionKeysyms{
    ActionKeysym{xk::kEscape, Kind::kEscape},
    ActionKeysym{0xFF50, Kind::kHome},
    ActionKeysym{0xFF51, Kind::kLeft},
    ActionKeysym{0xFF52, Kind::kUp},
    ActionKeysym{0xFF53, Kind::kRight},
    ActionKeysym{0xFF54, Kind::kDown},
    ActionKeysym{0xFF55, Kind::kPageUp},
    ActionKeysym{0xFF56, Kind::kPageDown},
    ActionKeysym{0xFF57, Kind::kEnd},
    ActionKeysym{0xFF63, Kind::kInsert},
    ActionKeysym{0xFF95, Kind::kHome},
    ActionKeysym{0xFF96, Kind::kLeft},
    ActionKeysym{0xFF97, Kind::kUp},
    ActionKeysym{0xFF98, Kind::kRight},
    ActionKeysym{0xFF99, Kind::kDown},
    ActionKeysym{0xFF9A, Kind::kPageUp},
    ActionKeysym{0xFF9B, Kind::kPageDown},
    ActionKeysym{0xFF9C, Kind::kEnd},
    ActionKeysym{0xFF9E, Kind::kInsert},
    ActionKeysym{xk::kDelete, Kind::kDelete},
    ActionKeysym{xk::kKpDelete, Kind::kDelete},
};

bool is_printable_latin1(std::uint32_t keysym) {
  return (keysym >= 0x20 && keysym <= 0x7E) || (keysym >= 0xA0 && keysym <= 0xFF);
}

}  // namespace

KeyAction KeysymDecoder::key(std::uint32_t keysym, bool down) {
  if (track_modifier(keysym, down) || !down) return KeyAction::none();
  return press(keysym);
}

bool KeysymDecoder::track_modifier(std::uint32_t keysym, bool down) {
  switch (keysym) {
    case xk::kControlL:
      ctrl_left_ = down;
      return true;
    case xk::kControlR:
      ctrl_right_ = down;
      return true;
    case xk::kAltL:
    case xk::kMetaL:
      alt_left_ = down;
      return true;
    case xk::kAltR:
    case xk::kMetaR:
      alt_right_ = down;
      return true;
    default:
      return false;
  }
}

KeyAction KeysymDecoder::press(std::uint32_t keysym) const {
  const bool ctrl = ctrl_left_ || ctrl_right_;
  const bool alt = alt_left_ || alt_right_;
  if ((keysym == xk::kDelete || keysym == xk::kKpDelete) && ctrl && alt) {
    return KeyAction::of(KeyAction::Kind::kCtrlAltDel);
  }
  if (keysym == xk::kReturn || keysym == xk::kKpEnter) {
    return KeyAction::of(KeyAction::Kind::kEnter);
  }
  if (keysym == xk::kBackSpace) return KeyAction::of(KeyAction::Kind::kBackspace);
  if (keysym >= xk::kF1 && keysym <= xk::kF12) {
    return KeyAction::function(static_cast<int>(keysym - xk::kF1) + 1);
  }
  for (const auto& key : kActionKeysyms) {
    if (key.keysym == keysym) return KeyAction::of(key.kind);
  }
  if (alt) return KeyAction::none();
  if (ctrl) {
    // X11 sends Ctrl+X as the letter's keysym with Control held, either case.
    const std::uint32_t lower = keysym | 0x20;
    return lower >= 'a' && lower <= 'z' ? KeyAction::ctrl(lower) : KeyAction::none();
  }
  if (keysym == xk::kTab) return KeyAction::character(U'\t');
  if (is_printable_latin1(keysym)) return KeyAction::character(keysym);
  const std::uint32_t code_point = keysym - xk::kUnicodeBase;
  if (keysym > xk::kUnicodeBase && code_point <= 0x10FFFF &&
      (is_printable_latin1(code_point) || code_point > 0xFF)) {
    return KeyAction::character(code_point);
  }
  return KeyAction::none();
}

}  // namespace mks::sim
