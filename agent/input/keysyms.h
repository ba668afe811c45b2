#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

// X11 keysyms, for RFB KeyEvent on servers that do not take scancodes.
namespace mks::input::keysym {

// The keysym that types `c`: Latin-1 characters are their code point, control keys their
// XK_ names (Enter, Tab, BackSpace), anything else 0x01000000 | code point.
std::uint32_t for_character(char32_t c);
// The keysym of the key with this scancode, ignoring Shift (US key positions); nullopt for a
// key without one.
std::optional<std::uint32_t> for_scancode(std::uint16_t scancode);
// The keysym of a named key ("enter", "f2", "ctrl", "a"), as scancode::for_key_name names them.
std::optional<std::uint32_t> for_key_name(std::string_view name);

}  // namespace mks::input::keysym
