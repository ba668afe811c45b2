#include "tools/webmks_sim/keysym_decoder.h"

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
constexpr std::uint32_t kUnicodeBase = 0x01000000;  // 0x01000000 + code point
}  // namespace xk

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
  if (keysym == xk::kDelete || keysym == xk::kKpDelete) {
    return ctrl && alt ? KeyAction::of(KeyAction::Kind::kCtrlAltDel) : KeyAction::none();
  }
  if (keysym == xk::kReturn || keysym == xk::kKpEnter) {
    return KeyAction::of(KeyAction::Kind::kEnter);
  }
  if (keysym == xk::kBackSpace) return KeyAction::of(KeyAction::Kind::kBackspace);
  if (ctrl || alt) return KeyAction::none();
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
