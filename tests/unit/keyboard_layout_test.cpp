#include "agent/input/keyboard_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>

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

}  // namespace
}  // namespace mks::input
