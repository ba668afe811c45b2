#include "tools/webmks_sim/pc_boot_menu.h"

#include <gtest/gtest.h>

#include "tools/webmks_sim/pc_boot_log.h"
#include "tools/webmks_sim/pc_menu_editor.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;
using Kind = KeyAction::Kind;

int row_of(const Console& console, std::string_view text) {
  for (int row = 0; row < console.rows(); ++row) {
    if (console.line(row).find(text) != std::string::npos) return row;
  }
  return -1;
}

class PcBootMenuTest : public ::testing::Test {
 protected:
  Console console;
  PcBootMenu menu{default_boot_entries()};
  void SetUp() override { menu.start(console, 0ms); }
};

TEST_F(PcBootMenuTest, Start_DrawsBoxHighlightAndHelp) {
  EXPECT_EQ(console.at(1, 2), U'┌');
  EXPECT_EQ(console.at(78, 15), U'┘');
  const int row = row_of(console, "*Debian GNU/Linux");
  ASSERT_EQ(row, 3);
  EXPECT_TRUE(console.inverse_at(2, row));
  EXPECT_TRUE(console.inverse_at(77, row));
  EXPECT_FALSE(console.inverse_at(1, row));  // the frame is not highlighted
  EXPECT_FALSE(console.inverse_at(2, row + 1));
  EXPECT_GE(row_of(console, "Press enter to boot the selected OS, `e' to edit the commands"), 0);
}

TEST_F(PcBootMenuTest, UpDown_MoveHighlightWithinEntries) {
  menu.on_key(KeyAction::of(Kind::kUp), console);
  EXPECT_EQ(menu.selected(), 0);
  menu.on_key(KeyAction::of(Kind::kDown), console);
  EXPECT_EQ(menu.selected(), 1);
  EXPECT_TRUE(console.inverse_at(2, 4));
  EXPECT_FALSE(console.inverse_at(2, 3));
  EXPECT_EQ(console.line(4).rfind(" │*Advanced options", 0), 0u);
  menu.on_key(KeyAction::of(Kind::kDown), console);
  menu.on_key(KeyAction::of(Kind::kDown), console);
  EXPECT_EQ(menu.selected(), 2);
}

TEST_F(PcBootMenuTest, Countdown_BootsAfterFiveSecondsUnlessAKeyIsPressed) {
  EXPECT_EQ(menu.advance(4000ms, console), PcBootMenu::Choice::kNone);
  EXPECT_GE(row_of(console, "executed automatically in 1s."), 0);
  EXPECT_EQ(menu.advance(5000ms, console), PcBootMenu::Choice::kBoot);

  PcBootMenu stopped{default_boot_entries()};
  stopped.start(console, 0ms);
  stopped.on_key(KeyAction::character(U'x'), console);
  EXPECT_FALSE(stopped.counting_down());
  EXPECT_EQ(stopped.advance(60s, console), PcBootMenu::Choice::kNone);
}

TEST_F(PcBootMenuTest, EnterAndE_AreChoices) {
  EXPECT_EQ(menu.on_key(KeyAction::character(U'e'), console), PcBootMenu::Choice::kEdit);
  EXPECT_EQ(menu.on_key(KeyAction::of(Kind::kEnter), console), PcBootMenu::Choice::kBoot);
}

class PcMenuEditorTest : public ::testing::Test {
 protected:
  Console console;
  PcMenuEditor editor;
  void SetUp() override { editor.start(default_boot_entries().at(0), console); }
  PcMenuEditor::Result key(KeyAction action) { return editor.on_key(action, console); }
  PcMenuEditor::Result key(Kind kind) { return key(KeyAction::of(kind)); }
  void type(std::u32string_view text) {
    for (char32_t c : text) key(KeyAction::character(c));
  }
};

TEST_F(PcMenuEditorTest, Start_ShowsScriptCursorAndHelp) {
  const int row = row_of(console, "setparams 'Debian GNU/Linux'");  // where GRUB starts
  ASSERT_GE(row, 0);
  EXPECT_EQ(row_of(console, "load_video"), row + 2);
  EXPECT_GE(row_of(console, "linux   /boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro quiet"), 0);
  EXPECT_GE(row_of(console, "initrd  /boot/initrd.img-6.1.0-sim"), 0);
  EXPECT_GE(row_of(console, "Press Ctrl-x or F10 to boot, Ctrl-c or F2 for"), 0);
  EXPECT_TRUE(console.cursor_visible());
  EXPECT_EQ(console.cursor(), (CursorPos{2, row}));
}

TEST_F(PcMenuEditorTest, TypingInsertsAtCursorAndArrowsMove) {
  // GRUB's order: setparams, a blank line, load_video, insmod, linux.
  for (int i = 0; i < 4; ++i) key(Kind::kDown);
  key(Kind::kEnd);
  type(U" fsck.repair=yes");
  EXPECT_EQ(editor.lines().at(4),
            "linux   /boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro quiet fsck.repair=yes");
  key(Kind::kHome);
  key(Kind::kRight);
  type(U"X");
  EXPECT_EQ(editor.lines().at(4).substr(0, 4), "lXin");
  EXPECT_EQ(console.cursor().col, 2 + 2);
  key(Kind::kBackspace);
  key(Kind::kDelete);
  EXPECT_EQ(editor.lines().at(4).substr(0, 4), "lnux");
  EXPECT_GE(row_of(console, "lnux   /boot"), 0);
}

TEST_F(PcMenuEditorTest, BackspaceAtLineStart_JoinsLines) {
  for (int i = 0; i < 3; ++i) key(Kind::kDown);
  key(KeyAction::ctrl(U'a'));
  key(Kind::kBackspace);
  EXPECT_EQ(editor.lines().at(2), "load_videoinsmod gzio");
  EXPECT_EQ(editor.lines().size(), 5u);
  key(Kind::kEnter);
  EXPECT_EQ(editor.lines().at(3), "insmod gzio");
}

TEST_F(PcMenuEditorTest, CtrlXAndF10Boot_EscDiscards) {
  EXPECT_EQ(key(KeyAction::ctrl(U'x')), PcMenuEditor::Result::kBoot);
  EXPECT_EQ(key(KeyAction::function(10)), PcMenuEditor::Result::kBoot);
  EXPECT_EQ(key(Kind::kEscape), PcMenuEditor::Result::kDiscard);
  EXPECT_EQ(key(KeyAction::character(U'a')), PcMenuEditor::Result::kEditing);
}

TEST_F(PcMenuEditorTest, LongLine_WrapsAndCursorFollows) {
  for (int i = 0; i < 4; ++i) key(Kind::kDown);
  key(Kind::kEnd);
  type(U" aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  const int length = static_cast<int>(editor.lines().at(4).size());
  ASSERT_GT(length, 76);  // wider than the box
  const int row = row_of(console, "linux   /boot");
  EXPECT_EQ(console.cursor(), (CursorPos{2 + length - 76, row + 1}));
  EXPECT_EQ(console.line(row + 1),
            " │" + std::string(static_cast<std::size_t>(length - 76), 'a') +
                std::string(static_cast<std::size_t>(76 - (length - 76)), ' ') + "│");
}

TEST(PcBootLogScript, KernelCommandLine_FromLinuxLine) {
  EXPECT_EQ(
      kernel_command_line({"insmod gzio", "linux /boot/vmlinuz-6.1.0-sim root=/dev/sda1  ro"}),
      "BOOT_IMAGE=/boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro");
  EXPECT_EQ(kernel_command_line({"insmod gzio"}), std::nullopt);
  EXPECT_TRUE(is_memtest(default_boot_entries().at(2).lines));
}

}  // namespace
}  // namespace mks::sim
