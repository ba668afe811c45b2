#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mks::input {

// One step of a Packer-style key sequence ("<esc><wait2>e<down><end> single<f10>").
struct KeyStep {
  enum class Kind {
    kText,   // type `text` through the guest's layout
    kPress,  // press and release `scancode`
    kDown,   // hold `scancode` (<leftAltOn>) ...
    kUp,     // ... and release it (<leftAltOff>)
    kWait,   // pause for `wait`
  };
  Kind kind = Kind::kText;
  std::u32string text;
  // PC set-1, 0xE0 keys as 0x100|code. 0 for a character toggle (<aOn>, <aOff>): then `text`
  // holds the character and the layout decides the key.
  std::uint16_t scancode = 0;
  std::chrono::milliseconds wait{0};
  bool operator==(const KeyStep&) const = default;
};

// Parses Packer's boot_command notation (packer-plugin-sdk bootcommand), names
// case-insensitive: <bs> <del> <enter> <return> <esc> <tab> <spacebar> <insert> <home> <end>
// <pageUp> <pageDown> <up> <down> <left> <right> <menu> <f1>…<f12> <leftAlt> <rightAlt>
// <leftCtrl> <rightCtrl> <leftShift> <rightShift> <leftSuper> <rightSuper> <leftMeta>
// <rightMeta>; each with On / Off (hold, release); a character with On / Off (<aOn>);
// <wait> (1 s), <waitN> (N seconds), <waitD> with a Go duration (<wait500ms>, <wait1m30s>,
// <wait1.5s>). Other characters become kText runs; a `<` that does not start a <name> is
// typed. Throws std::invalid_argument for an unknown <name> (naming it and its column) and
// for invalid UTF-8.
std::vector<KeyStep> parse_key_notation(std::string_view utf8);

// A Go duration ("1m30s", "1.5s", "500ms", "0"); nullopt when it is not one or is negative.
// Rounded to whole milliseconds.
std::optional<std::chrono::milliseconds> parse_go_duration(std::string_view text);

}  // namespace mks::input
