#pragma once

namespace mks::sim {

// What a key press means to the simulated machine once the keyboard state is applied.
// Tab arrives as the character '\t'.
struct KeyAction {
  enum class Kind {
    kNone,
    kChar,  // c: the character typed
    kEnter,
    kBackspace,
    kCtrlAltDel,
    kEscape,
    kUp,
    kDown,
    kLeft,
    kRight,
    kHome,
    kEnd,
    kPageUp,
    kPageDown,
    kInsert,
    kDelete,
    kFunction,  // c: 1..12 for F1..F12
    kCtrl,      // c: the lower-case letter held with Ctrl (Ctrl+X: 'x')
  };
  Kind kind = Kind::kNone;
  char32_t c = 0;
  bool operator==(const KeyAction&) const = default;

  static constexpr KeyAction none() { return {}; }
  static constexpr KeyAction character(char32_t c) { return {Kind::kChar, c}; }
  static constexpr KeyAction of(Kind kind) { return {kind, 0}; }
  static constexpr KeyAction function(int n) { return {Kind::kFunction, static_cast<char32_t>(n)}; }
  static constexpr KeyAction ctrl(char32_t letter) { return {Kind::kCtrl, letter}; }
};

}  // namespace mks::sim
