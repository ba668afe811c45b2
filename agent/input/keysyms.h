#pragma once

#include <cstdint>
#include <optional>

// X11 keysyms, for RFB KeyEvent on servers that do not take scancodes.
namespace mks::input::keysym {

// The keysym that types `c`: Latin-1 characters are their code point, control keys their
// XK_ names (Enter, Tab, BackSpace), anything else 0x01000000 | code point.
std::uint32_t for_character(char32_t c);
// The keysym of the key with this scancode, ignoring Shift (US key positions); nullopt for a
// key without one.
std::optional<std::uint32_t> for_scancode(std::uint16_t scancode);

}  // namespace mks::input::keysym
