#include "agent/input/keysyms.h"

#include <array>
#include <utility>

#include "agent/input/keyboard_layout.h"
#include "agent/input/scancodes.h"

namespace mks::input::keysym {
namespace {

// Non-character keys (X11 keysymdef.h).
constexpr std::array<std::pair<std::uint16_t, std::uint32_t>, 45> kSpecial = {{
    {0x01, 0xFF1B},  {0x0E, 0xFF08},  {0x0F, 0xFF09},  {0x1C, 0xFF0D},  {0x1D, 0xFFE3},
    {0x2A, 0xFFE1},  {0x36, 0xFFE2},  {0x38, 0xFFE9},  {0x3A, 0xFFE5},  {0x3B, 0xFFBE},
    {0x3C, 0xFFBF},  {0x3D, 0xFFC0},  {0x3E, 0xFFC1},  {0x3F, 0xFFC2},  {0x40, 0xFFC3},
    {0x41, 0xFFC4},  {0x42, 0xFFC5},  {0x43, 0xFFC6},  {0x44, 0xFFC7},  {0x57, 0xFFC8},
    {0x58, 0xFFC9},  {0x45, 0xFF7F},  {0x46, 0xFF14},  {0x11D, 0xFFE4}, {0x138, 0xFFEA},
    {0x147, 0xFF50}, {0x148, 0xFF52}, {0x149, 0xFF55}, {0x14B, 0xFF51}, {0x14D, 0xFF53},
    {0x14F, 0xFF57}, {0x150, 0xFF54}, {0x151, 0xFF56}, {0x152, 0xFF63}, {0x153, 0xFFFF},
    {0x15B, 0xFFEB}, {0x15C, 0xFFEC}, {0x15D, 0xFF67}, {0x137, 0xFF61}, {0x100, 0xFF13},
    {0x11C, 0xFF8D}, {0x135, 0xFFAF}, {0x37, 0xFFAA},  {0x4A, 0xFFAD},  {0x4E, 0xFFAB},
}};

}  // namespace

std::uint32_t for_character(char32_t c) {
  switch (c) {
    case U'\n':
    case U'\r':
      return 0xFF0D;
    case U'\t':
      return 0xFF09;
    case U'\b':
      return 0xFF08;
    default:
      break;
  }
  if ((c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xFF)) return c;
  return 0x01000000u | static_cast<std::uint32_t>(c);
}

std::optional<std::uint32_t> for_scancode(std::uint16_t scancode) {
  for (const auto& [code, sym] : kSpecial) {
    if (code == scancode) return sym;
  }
  auto c = KeyboardLayout::by_name("us").char_for(KeyStroke{scancode, false, false});
  if (c) return for_character(*c);
  return std::nullopt;
}

std::optional<std::uint32_t> for_key_name(std::string_view name) {
  auto code = scancode::for_key_name(name);
  if (!code) return std::nullopt;
  return for_scancode(*code);
}

}  // namespace mks::input::keysym
