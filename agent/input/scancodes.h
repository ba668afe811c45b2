#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

// PC/AT scan code set 1 make codes; keys with the 0xE0 prefix are 0x100|code
// (docs/webmks-protocol.md §7). These are what VMware's KeyEvent and QEMU's extended key
// event carry.
namespace mks::input::scancode {

constexpr std::uint16_t kEscape = 0x01;
constexpr std::uint16_t kBackspace = 0x0E;
constexpr std::uint16_t kTab = 0x0F;
constexpr std::uint16_t kEnter = 0x1C;
constexpr std::uint16_t kLeftCtrl = 0x1D;
constexpr std::uint16_t kLeftShift = 0x2A;
constexpr std::uint16_t kRightShift = 0x36;
constexpr std::uint16_t kLeftAlt = 0x38;
constexpr std::uint16_t kSpace = 0x39;
constexpr std::uint16_t kCapsLock = 0x3A;
constexpr std::uint16_t kRightCtrl = 0x11D;
constexpr std::uint16_t kRightAlt = 0x138;  // AltGr
constexpr std::uint16_t kDelete = 0x153;

// A key by name, as runbooks and `key` arguments spell them: "enter", "esc", "f2", "left",
// "ctrl", "ralt", "delete", a single letter or digit ("a", "7")... Case-insensitive.
std::optional<std::uint16_t> for_key_name(std::string_view name);

// "ctrl+alt+delete" → the scancodes to press in order (and release in reverse). Throws
// std::invalid_argument naming the unknown key.
std::vector<std::uint16_t> parse_combo(std::string_view combo);

}  // namespace mks::input::scancode

namespace mks::input {

// The name the rest of the agent uses; same as scancode::for_key_name.
inline std::optional<std::uint16_t> scancode_for_key_name(std::string_view name) {
  return scancode::for_key_name(name);
}

}  // namespace mks::input
