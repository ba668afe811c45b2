#include "tools/webmks_sim/keysym_translator.h"

#include <gtest/gtest.h>

#include "agent/input/scancodes.h"

namespace mks::sim {
namespace {

namespace scancode = input::scancode;

constexpr std::uint16_t kH = 0x23;
constexpr std::uint16_t kOne = 0x02;

TEST(KeysymTranslator, Unshifted_GivesTheLayoutsPlainCharacter) {
  KeysymTranslator keys(input::KeyboardLayout::by_name("us"));
  EXPECT_EQ(keys.key(kH, true), 0x68u);  // h
  EXPECT_EQ(keys.key(kOne, true), 0x31u);
  EXPECT_EQ(keys.key(scancode::kEnter, true), 0xFF0Du);
}

TEST(KeysymTranslator, WithShiftHeld_GivesTheShiftedCharacter) {
  KeysymTranslator keys(input::KeyboardLayout::by_name("us"));
  EXPECT_EQ(keys.key(scancode::kLeftShift, true), 0xFFE1u);
  EXPECT_EQ(keys.key(kH, true), 0x48u);    // H
  EXPECT_EQ(keys.key(kOne, true), 0x21u);  // !
}

TEST(KeysymTranslator, Release_UsesThePressKeysymEvenAfterShiftWentUp) {
  KeysymTranslator keys(input::KeyboardLayout::by_name("us"));
  keys.key(scancode::kRightShift, true);
  keys.key(kH, true);
  keys.key(scancode::kRightShift, false);
  EXPECT_EQ(keys.key(kH, false), 0x48u);
  EXPECT_EQ(keys.key(kH, true), 0x68u);
}

TEST(KeysymTranslator, GermanLayout_FollowsAltGrAndItsOwnKeys) {
  KeysymTranslator keys(input::KeyboardLayout::by_name("de"));
  EXPECT_EQ(keys.key(0x15, true), 0x7Au);  // the Z position types z on QWERTZ
  keys.key(scancode::kRightAlt, true);
  EXPECT_EQ(keys.key(0x10, true), 0x40u);  // AltGr+q: @
}

TEST(KeysymTranslator, ScancodeFor_FindsPlainShiftedAndSpecialKeys) {
  KeysymTranslator keys(input::KeyboardLayout::by_name("us"));
  EXPECT_EQ(keys.scancode_for(0x68), kH);
  EXPECT_EQ(keys.scancode_for(0x48), kH);  // H: the same key, with Shift
  EXPECT_EQ(keys.scancode_for(0xFFE1), scancode::kLeftShift);
  EXPECT_EQ(keys.scancode_for(0xFF0D), scancode::kEnter);
  EXPECT_EQ(keys.scancode_for(0x20AC), 0);  // no key types it
}

}  // namespace
}  // namespace mks::sim
