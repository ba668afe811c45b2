#include <gtest/gtest.h>

#include "codecs/psf_font.h"
#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/shell.h"
#include "tools/webmks_sim/text_renderer.h"

namespace mks::sim {
namespace {

constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

TEST(SimConsole, Write_PutsTextAtCursorAndAdvances) {
  Console console(10, 3);
  console.write("hi");
  EXPECT_EQ(console.line(0), "hi");
  EXPECT_EQ(console.cursor(), (CursorPos{2, 0}));
}

TEST(SimConsole, LongLine_WrapsToNextRow) {
  Console console(4, 3);
  console.write("abcdef");
  EXPECT_EQ(console.line(0), "abcd");
  EXPECT_EQ(console.line(1), "ef");
}

TEST(SimConsole, NewLineOnLastRow_ScrollsUp) {
  Console console(4, 2);
  console.write("a\nb\nc");
  EXPECT_EQ(console.line(0), "b");
  EXPECT_EQ(console.line(1), "c");
  EXPECT_EQ(console.cursor(), (CursorPos{1, 1}));
}

TEST(SimConsole, EraseBack_BlanksPreviousCellAcrossRowStart) {
  Console console(3, 2);
  console.write("abcd");
  console.erase_back();
  console.erase_back();
  EXPECT_EQ(console.line(0), "ab");
  EXPECT_EQ(console.cursor(), (CursorPos{2, 0}));
}

TEST(SimConsole, Utf8_RoundTripsBoxDrawing) {
  Console console(5, 1);
  console.write("┌─┐");
  EXPECT_EQ(console.at(1, 0), U'─');
  EXPECT_EQ(console.line(0), "┌─┐");
}

TEST(SimShell, Start_ShowsBannerAndPrompt) {
  Console console;
  Shell shell;
  shell.start(console);
  EXPECT_NE(console.line(1).find("mks-sim"), std::string::npos);
  EXPECT_EQ(console.line(console.cursor().row) + " ", std::string(Shell::kPrompt));
}

TEST(SimShell, Backspace_StopsAtPrompt) {
  Console console;
  Shell shell;
  shell.start(console);
  const int row = console.cursor().row;
  shell.on_key(KeyAction::character(U'x'), console);
  for (int i = 0; i < 3; ++i) shell.on_key(KeyAction::of(KeyAction::Kind::kBackspace), console);
  EXPECT_EQ(console.line(row), "sim$");
  EXPECT_EQ(console.cursor().col, static_cast<int>(Shell::kPrompt.size()));
}

TEST(SimShell, CtrlAltDel_PrintsNoticeAndNewPrompt) {
  Console console;
  Shell shell;
  shell.start(console);
  const int row = console.cursor().row;
  shell.on_key(KeyAction::character(U'x'), console);
  shell.on_key(KeyAction::of(KeyAction::Kind::kCtrlAltDel), console);
  EXPECT_EQ(console.line(row + 1), Shell::kCtrlAltDelNotice);
  EXPECT_EQ(console.line(row + 2), "sim$");
  EXPECT_TRUE(shell.input_line().empty());
}

class SimRenderer : public ::testing::Test {
 protected:
  codecs::PsfFont font = codecs::PsfFont::load(kFont);
};

TEST_F(SimRenderer, VgaCell_Is9x16And80x25Is720x400) {
  TextRenderer renderer(font, 80, 25);
  EXPECT_EQ(renderer.cell_width(), 9);
  EXPECT_EQ(renderer.cell_height(), 16);
  EXPECT_EQ(renderer.width(), 720);
  EXPECT_EQ(renderer.height(), 400);
}

TEST_F(SimRenderer, FirstRender_DirtiesEveryRowThenOnlyChangedCells) {
  Console console(80, 25);
  TextRenderer renderer(font, 80, 25);
  codecs::Image image(renderer.width(), renderer.height());
  EXPECT_EQ(renderer.render(console, image).size(), 25u);
  EXPECT_TRUE(renderer.render(console, image).empty());
  console.put(U'A');  // cell 0 gets the glyph, the cursor moves to cell 1
  const auto dirty = renderer.render(console, image);
  ASSERT_EQ(dirty.size(), 1u);
  EXPECT_EQ(dirty[0], (codecs::Rect{0, 0, 18, 16}));
}

TEST_F(SimRenderer, Glyph_IsLightGreyOnBlack) {
  Console console(2, 1);
  console.set_cursor_visible(false);
  console.put(U'\u2588');  // full block
  TextRenderer renderer(font, 2, 1);
  codecs::Image image(renderer.width(), renderer.height());
  renderer.render(console, image);
  EXPECT_EQ(image.at(4, 8), TextRenderer::kForeground);
  EXPECT_EQ(image.at(13, 8), TextRenderer::kBackground);
}

TEST_F(SimRenderer, NinthColumn_RepeatsEighthForLineGraphicsOnly) {
  Console console(2, 1);
  console.set_cursor_visible(false);
  console.write("─H");
  TextRenderer renderer(font, 2, 1);
  codecs::Image image(renderer.width(), renderer.height());
  renderer.render(console, image);
  for (int y = 0; y < 16; ++y) EXPECT_EQ(image.at(8, y), image.at(7, y)) << y;
  for (int y = 0; y < 16; ++y) EXPECT_EQ(image.at(17, y), TextRenderer::kBackground) << y;
}

TEST_F(SimRenderer, SameInput_SamePixels) {
  Console a;
  Console b;
  a.write("deterministic");
  b.write("deterministic");
  TextRenderer ra(font, 80, 25);
  TextRenderer rb(font, 80, 25);
  codecs::Image ia(ra.width(), ra.height());
  codecs::Image ib(rb.width(), rb.height());
  ra.render(a, ia);
  rb.render(b, ib);
  EXPECT_TRUE(ia.same_pixels(ib));
}

}  // namespace
}  // namespace mks::sim
