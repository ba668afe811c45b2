#include "agent/input/keyboard_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mks::input {
namespace {

const KeyboardLayout& us() {
  return KeyboardLayout::by_name("us");
}

TEST(KeyboardLayoutUs, EveryPrintableAsciiCharacterRoundTripsThroughItsKey) {
  for (char32_t c = 0x20; c <= 0x7E; ++c) {
    auto stroke = us().stroke_for(c);
    ASSERT_TRUE(stroke) << "no key for U+" << static_cast<unsigned>(c);
    EXPECT_FALSE(stroke->altgr);
    EXPECT_EQ(us().char_for(*stroke), c) << "U+" << static_cast<unsigned>(c);
  }
}

TEST(KeyboardLayoutUs, DistinctCharactersUseDistinctStrokes) {
  std::set<std::pair<std::uint16_t, bool>> seen;
  for (char32_t c = 0x21; c <= 0x7E; ++c) {
    auto stroke = us().stroke_for(c);
    ASSERT_TRUE(stroke);
    EXPECT_TRUE(seen.insert({stroke->scancode, stroke->shift}).second)
        << "U+" << static_cast<unsigned>(c) << " shares a stroke";
  }
}

TEST(KeyboardLayoutUs, LettersAndSymbolsSitOnTheirUsKeys) {
  EXPECT_EQ(us().stroke_for(U'a'), (KeyStroke{0x1E, false, false}));
  EXPECT_EQ(us().stroke_for(U'A'), (KeyStroke{0x1E, true, false}));
  EXPECT_EQ(us().stroke_for(U'q'), (KeyStroke{0x10, false, false}));
  EXPECT_EQ(us().stroke_for(U'M'), (KeyStroke{0x32, true, false}));
  EXPECT_EQ(us().stroke_for(U'1'), (KeyStroke{0x02, false, false}));
  EXPECT_EQ(us().stroke_for(U'!'), (KeyStroke{0x02, true, false}));
  EXPECT_EQ(us().stroke_for(U'0'), (KeyStroke{0x0B, false, false}));
  EXPECT_EQ(us().stroke_for(U')'), (KeyStroke{0x0B, true, false}));
  EXPECT_EQ(us().stroke_for(U'~'), (KeyStroke{0x29, true, false}));
  EXPECT_EQ(us().stroke_for(U'|'), (KeyStroke{0x2B, true, false}));
  EXPECT_EQ(us().stroke_for(U'"'), (KeyStroke{0x28, true, false}));
  EXPECT_EQ(us().stroke_for(U'?'), (KeyStroke{0x35, true, false}));
}

TEST(KeyboardLayoutUs, ControlCharactersAreEnterTabBackspaceSpace) {
  EXPECT_EQ(us().stroke_for(U'\n'), (KeyStroke{0x1C, false, false}));
  EXPECT_EQ(us().stroke_for(U'\r'), (KeyStroke{0x1C, false, false}));
  EXPECT_EQ(us().stroke_for(U'\t'), (KeyStroke{0x0F, false, false}));
  EXPECT_EQ(us().stroke_for(U'\b'), (KeyStroke{0x0E, false, false}));
  EXPECT_EQ(us().stroke_for(U' '), (KeyStroke{0x39, false, false}));
  EXPECT_EQ(us().char_for(KeyStroke{0x1C, false, false}), U'\n');
}

TEST(KeyboardLayoutUs, CharactersWithoutAKeyHaveNoStroke) {
  EXPECT_FALSE(us().stroke_for(U'\u00e9'));
  EXPECT_FALSE(us().stroke_for(U'\u20ac'));
  EXPECT_FALSE(us().stroke_for(U'\x01'));
}

TEST(KeyboardLayoutUs, NonCharacterKeysAndAltGrTypeNothing) {
  EXPECT_FALSE(us().char_for(KeyStroke{0x3B, false, false}));   // F1
  EXPECT_FALSE(us().char_for(KeyStroke{0x1D, false, false}));   // Ctrl
  EXPECT_FALSE(us().char_for(KeyStroke{0x153, false, false}));  // Delete
  EXPECT_FALSE(us().char_for(KeyStroke{0x1E, false, true}));    // AltGr+A
}

TEST(KeyboardLayout, ByNameKnowsUsAndNamesTheKnownLayoutsOtherwise) {
  EXPECT_EQ(us().name(), "us");
  EXPECT_NE(std::find(KeyboardLayout::names().begin(), KeyboardLayout::names().end(), "us"),
            KeyboardLayout::names().end());
  try {
    KeyboardLayout::by_name("klingon");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("klingon"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("us"), std::string::npos) << e.what();
  }
}

const KeyboardLayout& de() {
  return KeyboardLayout::by_name("de");
}
const KeyboardLayout& jp() {
  return KeyboardLayout::by_name("jp");
}

std::string hex(char32_t c) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
  return text;
}

// Every character a layout types, found by pressing every key with every modifier.
std::set<char32_t> characters_of(const KeyboardLayout& layout) {
  std::set<char32_t> out;
  for (std::uint16_t code = 0; code < 0x200; ++code) {
    for (bool shift : {false, true}) {
      for (bool altgr : {false, true}) {
        if (auto c = layout.char_for(KeyStroke{code, shift, altgr})) out.insert(*c);
      }
    }
  }
  return out;
}

TEST(KeyboardLayout, EveryCharacterOfEveryLayoutRoundTripsThroughItsStroke) {
  for (auto name : KeyboardLayout::names()) {
    const auto& layout = KeyboardLayout::by_name(name);
    const auto chars = characters_of(layout);
    EXPECT_GT(chars.size(), 90u) << name;
    for (char32_t c : chars) {
      auto stroke = layout.stroke_for(c);
      ASSERT_TRUE(stroke) << name << " " << hex(c);
      EXPECT_EQ(layout.char_for(*stroke), c) << name << " " << hex(c);
    }
  }
}

TEST(KeyboardLayout, EveryLayoutTypesAllPrintableAscii) {
  for (auto name : KeyboardLayout::names()) {
    for (char32_t c = 0x20; c <= 0x7E; ++c) {
      EXPECT_TRUE(KeyboardLayout::by_name(name).stroke_for(c)) << name << " " << hex(c);
    }
  }
}

TEST(KeyboardLayout, NamesListsUsDeJp) {
  EXPECT_EQ(KeyboardLayout::names(), (std::vector<std::string_view>{"us", "de", "jp"}));
  EXPECT_EQ(de().name(), "de");
  EXPECT_EQ(jp().name(), "jp");
}

TEST(KeyboardLayout, RequireStrokeNamesTheCharacterAndTheLayout) {
  EXPECT_EQ(us().require_stroke(U'a'), (KeyStroke{0x1E, false, false}));
  try {
    us().require_stroke(U'\u00a5');
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "layout \"us\" has no key for \"\u00a5\" (U+00A5)");
  }
  try {
    jp().require_stroke(U'\x01');
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "layout \"jp\" has no key for (U+0001)");
  }
}

TEST(KeyboardLayoutJp, JisSymbolsSitOnTheirJisKeys) {
  EXPECT_EQ(jp().stroke_for(U'@'), (KeyStroke{0x1A, false, false}));
  EXPECT_EQ(jp().stroke_for(U'`'), (KeyStroke{0x1A, true, false}));
  EXPECT_EQ(jp().stroke_for(U'['), (KeyStroke{0x1B, false, false}));
  EXPECT_EQ(jp().stroke_for(U'{'), (KeyStroke{0x1B, true, false}));
  EXPECT_EQ(jp().stroke_for(U']'), (KeyStroke{0x2B, false, false}));
  EXPECT_EQ(jp().stroke_for(U'}'), (KeyStroke{0x2B, true, false}));
  EXPECT_EQ(jp().stroke_for(U':'), (KeyStroke{0x28, false, false}));
  EXPECT_EQ(jp().stroke_for(U'*'), (KeyStroke{0x28, true, false}));
  EXPECT_EQ(jp().stroke_for(U';'), (KeyStroke{0x27, false, false}));
  EXPECT_EQ(jp().stroke_for(U'+'), (KeyStroke{0x27, true, false}));
  EXPECT_EQ(jp().stroke_for(U'^'), (KeyStroke{0x0D, false, false}));
  EXPECT_EQ(jp().stroke_for(U'~'), (KeyStroke{0x0D, true, false}));
  EXPECT_EQ(jp().stroke_for(U'-'), (KeyStroke{0x0C, false, false}));
  EXPECT_EQ(jp().stroke_for(U'='), (KeyStroke{0x0C, true, false}));
  EXPECT_EQ(jp().stroke_for(U'\\'), (KeyStroke{0x73, false, false}));
  EXPECT_EQ(jp().stroke_for(U'_'), (KeyStroke{0x73, true, false}));
  EXPECT_EQ(jp().stroke_for(U'\u00a5'), (KeyStroke{0x7D, false, false}));
  EXPECT_EQ(jp().stroke_for(U'|'), (KeyStroke{0x7D, true, false}));
}

TEST(KeyboardLayoutJp, ShiftedDigitsAreTheJisSymbols) {
  const std::u32string shifted = U"!\"#$%&'()";
  for (std::size_t i = 0; i < shifted.size(); ++i) {
    EXPECT_EQ(jp().stroke_for(shifted[i]),
              (KeyStroke{static_cast<std::uint16_t>(0x02 + i), true, false}))
        << hex(shifted[i]);
  }
  EXPECT_EQ(jp().stroke_for(U'a'), (KeyStroke{0x1E, false, false}));
  EXPECT_EQ(jp().stroke_for(U'Z'), (KeyStroke{0x2C, true, false}));
}

TEST(KeyboardLayoutDe, QwertzLettersUmlautsAndSharpS) {
  EXPECT_EQ(de().stroke_for(U'z'), (KeyStroke{0x15, false, false}));
  EXPECT_EQ(de().stroke_for(U'Y'), (KeyStroke{0x2C, true, false}));
  EXPECT_EQ(de().stroke_for(U'\u00fc'), (KeyStroke{0x1A, false, false}));
  EXPECT_EQ(de().stroke_for(U'\u00d6'), (KeyStroke{0x27, true, false}));
  EXPECT_EQ(de().stroke_for(U'\u00e4'), (KeyStroke{0x28, false, false}));
  EXPECT_EQ(de().stroke_for(U'\u00df'), (KeyStroke{0x0C, false, false}));
  EXPECT_EQ(de().stroke_for(U'?'), (KeyStroke{0x0C, true, false}));
  EXPECT_EQ(de().stroke_for(U'"'), (KeyStroke{0x03, true, false}));
  EXPECT_EQ(de().stroke_for(U'/'), (KeyStroke{0x08, true, false}));
  EXPECT_EQ(de().stroke_for(U'<'), (KeyStroke{0x56, false, false}));
  EXPECT_EQ(de().stroke_for(U'-'), (KeyStroke{0x35, false, false}));
}

TEST(KeyboardLayoutDe, AltGrCharacters) {
  const std::pair<char32_t, std::uint16_t> altgr[] = {
      {U'@', 0x10}, {U'\u20ac', 0x12}, {U'{', 0x08},      {U'[', 0x09},
      {U']', 0x0A}, {U'}', 0x0B},      {U'\\', 0x0C},     {U'~', 0x1B},
      {U'|', 0x56}, {U'\u00b5', 0x32}, {U'\u00b2', 0x03}, {U'\u00b3', 0x04},
  };
  for (auto [c, code] : altgr) {
    EXPECT_EQ(de().stroke_for(c), (KeyStroke{code, false, true})) << hex(c);
  }
}

TEST(KeyboardLayoutDe, CaretAcuteAndGraveAreDeadKeys) {
  EXPECT_EQ(de().stroke_for(U'^'), (KeyStroke{0x29, false, false, true}));
  EXPECT_EQ(de().stroke_for(U'\u00b4'), (KeyStroke{0x0D, false, false, true}));
  EXPECT_EQ(de().stroke_for(U'`'), (KeyStroke{0x0D, true, false, true}));
  EXPECT_FALSE(de().stroke_for(U'~')->dead);
  EXPECT_FALSE(de().stroke_for(U'a')->dead);
  EXPECT_FALSE(us().stroke_for(U'^')->dead);
}

}  // namespace
}  // namespace mks::input
