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

TEST_F(SimKeyboard, NavigationAndFunctionKeys_AreActions) {
  EXPECT_EQ(keyboard.key(0x01, true), KeyAction::of(Kind::kEscape));
  EXPECT_EQ(keyboard.key(0x148, true), KeyAction::of(Kind::kUp));
  EXPECT_EQ(keyboard.key(0x150, true), KeyAction::of(Kind::kDown));
  EXPECT_EQ(keyboard.key(0x14B, true), KeyAction::of(Kind::kLeft));
  EXPECT_EQ(keyboard.key(0x14D, true), KeyAction::of(Kind::kRight));
  EXPECT_EQ(keyboard.key(0x147, true), KeyAction::of(Kind::kHome));
  EXPECT_EQ(keyboard.key(0x14F, true), KeyAction::of(Kind::kEnd));
  EXPECT_EQ(keyboard.key(0x149, true), KeyAction::of(Kind::kPageUp));
  EXPECT_EQ(keyboard.key(0x151, true), KeyAction::of(Kind::kPageDown));
  EXPECT_EQ(keyboard.key(0x153, true), KeyAction::of(Kind::kDelete));
  EXPECT_EQ(keyboard.key(0x3B, true), KeyAction::function(1));
  EXPECT_EQ(keyboard.key(0x44, true), KeyAction::function(10));
  EXPECT_EQ(keyboard.key(0x58, true), KeyAction::function(12));
  EXPECT_EQ(tap({0x0F}), U"\t");
}

TEST_F(SimKeyboard, Keypad_IsNavigationOnlyWithoutNumLock) {
  EXPECT_EQ(keyboard.key(0x48, true), KeyAction::of(Kind::kUp));
  tap({0x45});
  EXPECT_NE(keyboard.key(0x48, true), KeyAction::of(Kind::kUp));
}

TEST_F(SimKeyboard, CtrlLetter_IsAControlKey) {
  keyboard.key(0x1D, true);
  EXPECT_EQ(keyboard.key(0x2D, true), KeyAction::ctrl(U'x'));
  EXPECT_EQ(keyboard.key(0x20, true), KeyAction::ctrl(U'd'));
  EXPECT_EQ(keyboard.key(0x02, true), KeyAction::none());  // Ctrl+1 is nothing
}

TEST(SimKeysym, NavigationFunctionAndCtrlKeys_MatchTheScancodePath) {
  KeysymDecoder keysyms;
  EXPECT_EQ(keysyms.key(0xFF1B, true), KeyAction::of(Kind::kEscape));
  EXPECT_EQ(keysyms.key(0xFF52, true), KeyAction::of(Kind::kUp));
  EXPECT_EQ(keysyms.key(0xFF54, true), KeyAction::of(Kind::kDown));
  EXPECT_EQ(keysyms.key(0xFF50, true), KeyAction::of(Kind::kHome));
  EXPECT_EQ(keysyms.key(0xFF57, true), KeyAction::of(Kind::kEnd));
  EXPECT_EQ(keysyms.key(0xFF56, true), KeyAction::of(Kind::kPageDown));
  EXPECT_EQ(keysyms.key(0xFFFF, true), KeyAction::of(Kind::kDelete));
  EXPECT_EQ(keysyms.key(0xFFBF, true), KeyAction::function(2));
  EXPECT_EQ(keysyms.key(0xFFC7, true), KeyAction::function(10));
  keysyms.key(0xFFE3, true);
  EXPECT_EQ(keysyms.key(U'x', true), KeyAction::ctrl(U'x'));
  EXPECT_EQ(keysyms.key(U'D', true), KeyAction::ctrl(U'd'));
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
