#include <gtest/gtest.h>

#include <string>

#include "agent/rfb/protocol.h"
#include "tools/webmks_sim/keyboard_decoder.h"
#include "tools/webmks_sim/keysym_decoder.h"

namespace mks::sim {
namespace {

using Kind = KeyAction::Kind;

class SimKeyboard : public ::testing::Test {
 protected:
  KeyboardDecoder keyboard{input::KeyboardLayout::by_name("us")};

  // Presses and releases each scancode in turn; returns the characters typed.
  std::u32string tap(std::initializer_list<std::uint16_t> codes) {
    std::u32string typed;
    for (auto code : codes) {
      const auto action = keyboard.key(code, true);
      if (action.kind == Kind::kChar) typed += action.c;
      keyboard.key(code, false);
    }
    return typed;
  }
};

TEST_F(SimKeyboard, Letter_TypesLowerCase) {
  EXPECT_EQ(tap({0x1E, 0x30}), U"ab");
}

TEST_F(SimKeyboard, ShiftHeld_TypesShiftedCharacters) {
  keyboard.key(0x2A, true);
  EXPECT_EQ(tap({0x1E, 0x02, 0x29}), U"A!~");
  keyboard.key(0x2A, false);
  EXPECT_EQ(tap({0x02}), U"1");
}

TEST_F(SimKeyboard, RightShift_WorksLikeLeft) {
  keyboard.key(0x36, true);
  EXPECT_EQ(tap({0x1A}), U"{");
}

TEST_F(SimKeyboard, CapsLock_ShiftsLettersOnlyAndLightsLed) {
  tap({0x3A});
  EXPECT_EQ(keyboard.leds(), rfb::led::kCapsLock);
  EXPECT_EQ(tap({0x1E, 0x02}), U"A1");
  keyboard.key(0x2A, true);
  EXPECT_EQ(tap({0x1E}), U"a");
  keyboard.key(0x2A, false);
  tap({0x3A});
  EXPECT_EQ(keyboard.leds(), 0u);
}

TEST_F(SimKeyboard, EnterBackspaceAndKeypadEnter_AreActions) {
  EXPECT_EQ(keyboard.key(0x1C, true), KeyAction::of(Kind::kEnter));
  EXPECT_EQ(keyboard.key(0x11C, true), KeyAction::of(Kind::kEnter));
  EXPECT_EQ(keyboard.key(0x0E, true), KeyAction::of(Kind::kBackspace));
}

TEST_F(SimKeyboard, CtrlAltDel_IsRecognised) {
  keyboard.key(0x1D, true);
  keyboard.key(0x38, true);
  EXPECT_EQ(keyboard.key(0x153, true), KeyAction::of(Kind::kCtrlAltDel));
}

TEST_F(SimKeyboard, CtrlChord_TypesNothing) {
  keyboard.key(0x1D, true);
  EXPECT_EQ(tap({0x2E}), U"");
}

TEST_F(SimKeyboard, ReleaseWithoutPress_IsHarmless) {
  for (std::uint16_t code : {0x15B, 0x15C, 0x1D, 0x11D, 0x2A, 0x36, 0x38, 0x138}) {
    EXPECT_EQ(keyboard.key(code, false), KeyAction::none());
  }
  EXPECT_EQ(tap({0x1E}), U"a");
}

TEST(SimKeysym, PrintableLatin1_IsTheCharacter) {
  KeysymDecoder keysyms;
  EXPECT_EQ(keysyms.key(0x61, true), KeyAction::character(U'a'));
  EXPECT_EQ(keysyms.key(0x21, true), KeyAction::character(U'!'));
  EXPECT_EQ(keysyms.key(0xE9, true), KeyAction::character(U'é'));
  EXPECT_EQ(keysyms.key(0x61, false), KeyAction::none());
}

TEST(SimKeysym, ReturnAndBackSpace_AreActions) {
  KeysymDecoder keysyms;
  EXPECT_EQ(keysyms.key(0xFF0D, true), KeyAction::of(Kind::kEnter));
  EXPECT_EQ(keysyms.key(0xFF08, true), KeyAction::of(Kind::kBackspace));
}

TEST(SimKeysym, CtrlAltDelete_IsRecognised) {
  KeysymDecoder keysyms;
  keysyms.key(0xFFE3, true);
  keysyms.key(0xFFE9, true);
  EXPECT_EQ(keysyms.key(0xFFFF, true), KeyAction::of(Kind::kCtrlAltDel));
}

}  // namespace
}  // namespace mks::sim
