#include "agent/input/scancodes.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "agent/input/keysyms.h"

namespace mks::input {
namespace {

using Codes = std::vector<std::uint16_t>;

TEST(ScancodeForKeyName, NamedKeysGiveSet1CodesWithE0KeysAs0x100) {
  const std::pair<const char*, std::uint16_t> expected[] = {
      {"enter", 0x1C},      {"esc", 0x01},          {"tab", 0x0F},      {"backspace", 0x0E},
      {"space", 0x39},      {"up", 0x148},          {"down", 0x150},    {"left", 0x14B},
      {"right", 0x14D},     {"home", 0x147},        {"end", 0x14F},     {"pageup", 0x149},
      {"pagedown", 0x151},  {"insert", 0x152},      {"delete", 0x153},  {"ctrl", 0x1D},
      {"lctrl", 0x1D},      {"rctrl", 0x11D},       {"alt", 0x38},      {"ralt", 0x138},
      {"altgr", 0x138},     {"shift", 0x2A},        {"rshift", 0x36},   {"super", 0x15B},
      {"win", 0x15B},       {"menu", 0x15D},        {"capslock", 0x3A}, {"numlock", 0x45},
      {"scrolllock", 0x46}, {"printscreen", 0x137}, {"pause", 0x100},   {"kpenter", 0x11C},
  };
  for (const auto& [name, code] : expected) {
    EXPECT_EQ(scancode_for_key_name(name), code) << name;
  }
}

TEST(ScancodeForKeyName, FunctionKeysF1ToF12) {
  for (int n = 1; n <= 10; ++n) {
    EXPECT_EQ(scancode_for_key_name("f" + std::to_string(n)), 0x3A + n) << n;
  }
  EXPECT_EQ(scancode_for_key_name("f11"), 0x57);
  EXPECT_EQ(scancode_for_key_name("f12"), 0x58);
  EXPECT_FALSE(scancode_for_key_name("f0"));
}

TEST(ScancodeForKeyName, SingleLettersAndDigitsAreTheirKeys) {
  EXPECT_EQ(scancode_for_key_name("a"), 0x1E);
  EXPECT_EQ(scancode_for_key_name("Z"), 0x2C);
  EXPECT_EQ(scancode_for_key_name("p"), 0x19);
  EXPECT_EQ(scancode_for_key_name("1"), 0x02);
  EXPECT_EQ(scancode_for_key_name("0"), 0x0B);
}

TEST(ScancodeForKeyName, IgnoresCaseDashesAndUnderscores) {
  EXPECT_EQ(scancode_for_key_name("Enter"), 0x1C);
  EXPECT_EQ(scancode_for_key_name("PAGE_UP"), 0x149);
  EXPECT_EQ(scancode_for_key_name("page-down"), 0x151);
  EXPECT_EQ(scancode_for_key_name("F12"), 0x58);
}

TEST(ScancodeForKeyName, UnknownNamesHaveNoCode) {
  EXPECT_FALSE(scancode_for_key_name(""));
  EXPECT_FALSE(scancode_for_key_name("hyper"));
  EXPECT_FALSE(scancode_for_key_name("!"));
  EXPECT_FALSE(scancode_for_key_name("enterx"));
}

TEST(ParseCombo, CtrlAltDeleteIsThreeKeysInOrder) {
  EXPECT_EQ(scancode::parse_combo("ctrl+alt+delete"), (Codes{0x1D, 0x38, 0x153}));
  EXPECT_EQ(scancode::parse_combo("Ctrl+Alt+Del"), (Codes{0x1D, 0x38, 0x153}));
}

TEST(ParseCombo, SingleKeyAndLetterCombos) {
  EXPECT_EQ(scancode::parse_combo("enter"), (Codes{0x1C}));
  EXPECT_EQ(scancode::parse_combo("ctrl+c"), (Codes{0x1D, 0x2E}));
  EXPECT_EQ(scancode::parse_combo("shift+f10"), (Codes{0x2A, 0x44}));
}

TEST(ParseCombo, UnknownOrEmptyPartThrowsNamingIt) {
  try {
    scancode::parse_combo("ctrl+bogus");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"bogus\""), std::string::npos) << e.what();
  }
  EXPECT_THROW(scancode::parse_combo("ctrl+"), std::invalid_argument);
  EXPECT_THROW(scancode::parse_combo(""), std::invalid_argument);
  EXPECT_THROW(scancode::parse_combo("+a"), std::invalid_argument);
}

TEST(Keysym, Latin1CharactersAreTheirCodePointOthersUnicodeKeysyms) {
  EXPECT_EQ(keysym::for_character(U'a'), 0x61u);
  EXPECT_EQ(keysym::for_character(U'~'), 0x7Eu);
  EXPECT_EQ(keysym::for_character(U'\u00e9'), 0xE9u);
  EXPECT_EQ(keysym::for_character(U'\u20ac'), 0x010020ACu);
  EXPECT_EQ(keysym::for_character(U'\u0101'), 0x01000101u);
}

TEST(Keysym, ControlCharactersAreTheirXkKeys) {
  EXPECT_EQ(keysym::for_character(U'\n'), 0xFF0Du);
  EXPECT_EQ(keysym::for_character(U'\r'), 0xFF0Du);
  EXPECT_EQ(keysym::for_character(U'\t'), 0xFF09u);
  EXPECT_EQ(keysym::for_character(U'\b'), 0xFF08u);
}

TEST(Keysym, KeyNamesGiveXkKeysyms) {
  EXPECT_EQ(keysym::for_key_name("enter"), 0xFF0Du);
  EXPECT_EQ(keysym::for_key_name("esc"), 0xFF1Bu);
  EXPECT_EQ(keysym::for_key_name("f1"), 0xFFBEu);
  EXPECT_EQ(keysym::for_key_name("f12"), 0xFFC9u);
  EXPECT_EQ(keysym::for_key_name("delete"), 0xFFFFu);
  EXPECT_EQ(keysym::for_key_name("ctrl"), 0xFFE3u);
  EXPECT_EQ(keysym::for_key_name("alt"), 0xFFE9u);
  EXPECT_EQ(keysym::for_key_name("left"), 0xFF51u);
  EXPECT_EQ(keysym::for_key_name("a"), 0x61u);
  EXPECT_EQ(keysym::for_key_name("space"), 0x20u);
  EXPECT_FALSE(keysym::for_key_name("bogus"));
}

TEST(Keysym, ScancodesOfCharacterKeysGiveTheUnshiftedCharacter) {
  EXPECT_EQ(keysym::for_scancode(0x1E), 0x61u);
  EXPECT_EQ(keysym::for_scancode(0x02), 0x31u);
  EXPECT_EQ(keysym::for_scancode(0x1C), 0xFF0Du);
  EXPECT_FALSE(keysym::for_scancode(0x7F));
}

}  // namespace
}  // namespace mks::input
