#include "tools/webmks_sim/keysym_translator.h"

#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"

namespace mks::sim {
namespace {

// Set-1 codes of ordinary keys and of 0xE0 keys (0x100|code).
constexpr std::uint16_t kLastPlainCode = 0x7F;
constexpr std::uint16_t kExtended = 0x100;

bool printable(char32_t c) {
  return c >= U' ' && c != 0x7F;
}

}  // namespace

std::uint32_t KeysymTranslator::key(std::uint16_t scancode, bool down) {
  if (down) {
    const std::uint32_t sym = keysym_now(scancode);
    pressed_[scancode] = sym;
    return sym;
  }
  const auto held = pressed_.find(scancode);
  if (held == pressed_.end()) return keysym_now(scancode);
  const std::uint32_t sym = held->second;
  pressed_.erase(held);
  return sym;
}

std::uint32_t KeysymTranslator::keysym_now(std::uint16_t scancode) const {
  const bool altgr = pressed_.contains(input::scancode::kRightAlt);
  const auto c = layout_.char_for(input::KeyStroke{scancode, shift(), altgr});
  if (c && printable(*c)) return input::keysym::for_character(*c);
  return input::keysym::for_scancode(scancode).value_or(0);
}

bool KeysymTranslator::types(std::uint16_t scancode, bool shifted, std::uint32_t keysym) const {
  const auto c = layout_.char_for(input::KeyStroke{scancode, shifted, false});
  if (c && printable(*c)) return input::keysym::for_character(*c) == keysym;
  return !shifted && input::keysym::for_scancode(scancode) == keysym;
}

bool KeysymTranslator::shift() const {
  return pressed_.contains(input::scancode::kLeftShift) ||
         pressed_.contains(input::scancode::kRightShift);
}

std::uint16_t KeysymTranslator::scancode_for(std::uint32_t keysym) const {
  for (const bool shifted : {false, true}) {
    for (std::uint16_t code = 1; code <= kLastPlainCode; ++code) {
      for (const std::uint16_t candidate : {code, static_cast<std::uint16_t>(kExtended | code)}) {
        if (types(candidate, shifted, keysym)) return candidate;
      }
    }
  }
  return 0;
}

}  // namespace mks::sim
