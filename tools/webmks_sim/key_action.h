#pragma once

namespace mks::sim {

// What a key press means to the simulated machine once the keyboard state is applied.
struct KeyAction {
  enum class Kind { kNone, kChar, kEnter, kBackspace, kCtrlAltDel };
  Kind kind = Kind::kNone;
  char32_t c = 0;  // for kChar
  bool operator==(const KeyAction&) const = default;

  static KeyAction none() { return {}; }
  static KeyAction character(char32_t c) { return {Kind::kChar, c}; }
  static KeyAction of(Kind kind) { return {kind, 0}; }
};

}  // namespace mks::sim
