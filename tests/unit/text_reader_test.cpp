#include "agent/screen/text_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/text_renderer.h"

namespace mks::screen {
namespace {

using codecs::Image;
using codecs::Pixel;
using codecs::PsfFont;
using codecs::rgb;

const std::filesystem::path kFonts = FontTextReader::kDefaultFontDir;

PsfFont font_named(const std::string& name) {
  return PsfFont::load(kFonts / (name + ".psf.gz"));
}

const FontTextReader& default_reader() {
  static const FontTextReader reader = FontTextReader::with_default_fonts();
  return reader;
}

std::u32string utf32(const std::string& utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
    char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k)
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    out += c;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

// A text screen as a console draws it: `cell_width` is the font width (framebuffer) or one
// more (VGA text mode, line graphics repeat their last column). Lines start at (x0, y0).
struct Painter {
  const PsfFont& font;
  Image& image;
  int cell_width;
  int x0 = 0;
  int y0 = 0;

  void put(char32_t c, int col, int row, Pixel ink, Pixel paper) const {
    const auto glyph = font.glyph_index(c);
    ASSERT_TRUE(glyph) << "font lacks U+" << std::hex << static_cast<std::uint32_t>(c);
    const int x = x0 + col * cell_width;
    const int y = y0 + row * font.height();
    font.draw_glyph(image, *glyph, x, y, ink, paper);
    if (cell_width == font.width()) return;
    const bool line_graphics = c >= 0x2500 && c <= 0x259F;
    for (int gy = 0; gy < font.height(); ++gy) {
      const bool on = line_graphics && font.pixel(*glyph, font.width() - 1, gy);
      image.set(x + font.width(), y + gy, on ? ink : paper);
    }
  }
  void write(const std::string& utf8, int col, int row, Pixel ink, Pixel paper) const {
    for (const char32_t c : utf32(utf8)) put(c, col++, row, ink, paper);
  }
};

constexpr Pixel kGrey = rgb(0xAA, 0xAA, 0xAA);
constexpr Pixel kBlack = rgb(0, 0, 0);

std::string printable_ascii(char from, char to) {
  std::string s;
  for (char c = from; c <= to; ++c) s += c;
  return s;
}

// Every printable ASCII character, box drawing and Latin-1 letters, in lines of at most 64.
const std::vector<std::string> kAllText = {
    printable_ascii('!', 'O'), printable_ascii('P', '~'),
    "┌─┬─┐ ├┼┤ └┴┘ │ ░▒",      "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿß ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ",
    "¡¿«»£¥©®°±²³µ¶·¹º¼½¾×÷",
};

std::vector<std::string> expected_lines(const std::vector<std::string>& text, int first_row,
                                        int rows) {
  std::vector<std::string> lines(static_cast<std::size_t>(rows));
  for (std::size_t i = 0; i < text.size(); ++i) lines[first_row + i] = text[i];
  return lines;
}

// Line by line, so a failure shows the rows that differ.
void expect_lines(const std::vector<std::string>& actual,
                  const std::vector<std::string>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_EQ(actual[i], expected[i]) << "row " << i;
}

class FontTextReaderVgaCells : public ::testing::TestWithParam<const char*> {};

TEST_P(FontTextReaderVgaCells, ReadsEveryCharacter_Exactly) {
  const PsfFont font = font_named(GetParam());
  const int rows = 400 / font.height();
  Image screen(720, rows * font.height(), kBlack);
  const Painter painter{font, screen, 9};
  for (std::size_t i = 0; i < kAllText.size(); ++i) {
    painter.write(kAllText[i], 0, static_cast<int>(i) + 1, kGrey, kBlack);
  }
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->source, ScreenText::Source::kFont);
  expect_lines(text->lines, expected_lines(kAllText, 1, rows));
}

INSTANTIATE_TEST_SUITE_P(ConsoleFonts, FontTextReaderVgaCells,
                         ::testing::Values("Lat15-VGA16", "Lat15-VGA14", "Lat15-VGA8"));

class FontTextReaderFramebufferCells : public ::testing::TestWithParam<const char*> {};

TEST_P(FontTextReaderFramebufferCells, ReadsEveryCharacter_Exactly) {
  const PsfFont font = font_named(GetParam());
  Image screen(1024, 768, kBlack);
  const Painter painter{font, screen, font.width()};
  for (std::size_t i = 0; i < kAllText.size(); ++i) {
    painter.write(kAllText[i], 3, static_cast<int>(i) + 2, kGrey, kBlack);
  }
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  std::vector<std::string> expected = expected_lines(kAllText, 2, 768 / font.height());
  for (std::size_t i = 0; i < kAllText.size(); ++i) expected[i + 2] = "   " + kAllText[i];
  expect_lines(text->lines, expected);
  EXPECT_EQ(text->font, GetParam());
}

INSTANTIATE_TEST_SUITE_P(ConsoleFonts, FontTextReaderFramebufferCells,
                         ::testing::Values("Lat15-VGA16", "Lat15-Fixed16", "Lat15-Terminus16"));

TEST(FontTextReader, ReadsSimulatorConsole_CursorCellAsItsCharacterOrBlank) {
  const PsfFont font = font_named("Lat15-VGA16");
  sim::Console console;
  sim::TextRenderer renderer(font, console.cols(), console.rows());
  Image screen(renderer.width(), renderer.height());
  console.write("Debian GNU/Linux 12 debian tty1\n\ndebian login: root\nPassword: \n");
  console.write("root@debian:~# ls -l /etc | grep 0x60 ─┼─ é\nroot@debian:~# ");
  renderer.render(console, screen);

  FontTextReader reader = FontTextReader::with_default_fonts();
  const auto at_prompt = reader.read(screen);
  ASSERT_TRUE(at_prompt);
  expect_lines(at_prompt->lines, console.lines());  // cursor after the prompt: a blank cell
  EXPECT_EQ(at_prompt->font, "Lat15-VGA16");

  console.move_to(5, 5);  // the cursor under 'd' of "root@debian"
  renderer.render(console, screen);
  const auto on_letter = reader.read(screen);
  ASSERT_TRUE(on_letter);
  expect_lines(on_letter->lines, console.lines());
  EXPECT_TRUE(on_letter->contains("tty1"));
  EXPECT_FALSE(on_letter->contains("ttyl"));
}

TEST(FontTextReader, ReadsCp437LineGraphics_InVgaCells) {
  const PsfFont font = font_named("FullGreek-VGA16");
  Image screen(720, 400, rgb(0, 0, 0xAA));
  const Painter painter{font, screen, 9};
  const std::vector<std::string> box = {
      "╔══════╤═════╗", "║ Boot │ Exit║",          "╟──────┼─────╢",          "║▓▒░▀▄ │ ▐▌■ ║",
      "╚══════╧═════╝", printable_ascii('!', 'O'), printable_ascii('P', '~'),
  };
  for (std::size_t i = 0; i < box.size(); ++i) {
    painter.write(box[i], 10, static_cast<int>(i) + 3, rgb(0xFF, 0xFF, 0xFF), rgb(0, 0, 0xAA));
  }
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  for (std::size_t i = 0; i < box.size(); ++i) {
    EXPECT_EQ(text->lines[i + 3], std::string(10, ' ') + box[i]);
  }
}

TEST(FontTextReader, ReadsInverseVideoMenuEntry) {
  const PsfFont font = font_named("Lat15-VGA16");
  const Pixel blue = rgb(0, 0, 0xAA);
  const Pixel white = rgb(0xFF, 0xFF, 0xFF);
  Image screen(720, 400, blue);
  const Painter painter{font, screen, 9};
  painter.write("GNU GRUB  version 2.06-13+deb12u1", 20, 1, white, blue);
  painter.write("*Debian GNU/Linux                                       ", 2, 4, kBlack, kGrey);
  painter.write(" Advanced options for Debian GNU/Linux", 2, 5, white, blue);
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->lines[1], std::string(20, ' ') + "GNU GRUB  version 2.06-13+deb12u1");
  EXPECT_EQ(text->lines[4], "  *Debian GNU/Linux");
  EXPECT_EQ(text->lines[5], "   Advanced options for Debian GNU/Linux");
}

TEST(FontTextReader, ReadsGridWithNonZeroOrigin) {
  const PsfFont font = font_named("Lat15-VGA16");
  Image screen(720, 400, kBlack);
  const Painter painter{font, screen, 9, 5, 11};
  painter.write("VMware ESXi 8.0.2 (VMKernel Release Build 22380479)", 1, 0, kGrey, kBlack);
  painter.write("<F2> Customize System/View Logs", 1, 20, rgb(0xFF, 0xFF, 0x55), kBlack);
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  ASSERT_EQ(text->lines.size(), 24u);  // (400 - 11) / 16 full rows
  EXPECT_EQ(text->lines[0], " VMware ESXi 8.0.2 (VMKernel Release Build 22380479)");
  EXPECT_EQ(text->lines[20], " <F2> Customize System/View Logs");
}

TEST(FontTextReader, UnknownCellInsideTextConsole_ReadsAsReplacementCharacter) {
  const PsfFont font = font_named("Lat15-VGA16");
  Image screen(720, 400, kBlack);
  const Painter painter{font, screen, 9};
  painter.write("Press any key to continue", 0, 0, kGrey, kBlack);
  painter.write("Booting from Hard Disk...", 0, 1, kGrey, kBlack);
  std::mt19937 rng(7);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 9; ++x) screen.set(225 + x, 16 + y, rng() % 2 ? kGrey : kBlack);
  }
  const auto text = default_reader().read(screen);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->lines[1], "Booting from Hard Disk...\xEF\xBF\xBD");
}

TEST(FontTextReader, GradientAndNoise_AreNotTextConsoles) {
  Image gradient(720, 400);
  for (int y = 0; y < 400; ++y) {
    for (int x = 0; x < 720; ++x) {
      gradient.set(x, y,
                   rgb(static_cast<std::uint8_t>(x / 3), static_cast<std::uint8_t>(y / 2), 90));
    }
  }
  EXPECT_FALSE(default_reader().read(gradient));

  Image noise(1024, 768);
  std::mt19937 rng(3);
  for (Pixel& p : noise.pixels()) p = rng() % 2 ? kGrey : kBlack;  // two colours, no glyphs
  EXPECT_FALSE(default_reader().read(noise));
}

TEST(FontTextReader, RedetectsGridWhenScreenChangesFont) {
  FontTextReader reader = FontTextReader::with_default_fonts();
  const PsfFont vga16 = font_named("Lat15-VGA16");
  const PsfFont vga8 = font_named("Lat15-VGA8");
  Image bios(720, 400, kBlack);
  Painter{vga16, bios, 9}.write("Press DEL to enter SETUP", 0, 3, kGrey, kBlack);
  Image kernel_log(720, 400, kBlack);
  Painter{vga8, kernel_log, 8, 0, 4}.write("[    0.000000] Linux version 6.1.0-13-amd64", 0, 10,
                                           kGrey, kBlack);

  const auto first = reader.read(bios);
  const auto second = reader.read(kernel_log);
  const auto third = reader.read(bios);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->lines[3], "Press DEL to enter SETUP");
  EXPECT_EQ(second->font, "Lat15-VGA8");
  EXPECT_EQ(second->lines[10], "[    0.000000] Linux version 6.1.0-13-amd64");
  EXPECT_EQ(third->lines, first->lines);
}

TEST(FontTextReader, SwitchesFontWhenCachedGridLeavesCellsUnknown) {
  FontTextReader reader = FontTextReader::with_default_fonts();
  Image login(720, 400, kBlack);
  Painter{font_named("Lat15-VGA16"), login, 9}.write("debian login:", 0, 0, kGrey, kBlack);
  Image setup(720, 400, kBlack);
  const Painter bios{font_named("FullGreek-VGA16"), setup, 9};
  bios.write("╔════════════╗", 0, 0, kGrey, kBlack);
  bios.write("║ Main  Boot ║", 0, 1, kGrey, kBlack);

  ASSERT_EQ(reader.read(login)->font, "Lat15-VGA16");
  const auto text = reader.read(setup);
  ASSERT_TRUE(text);
  EXPECT_EQ(text->font, "FullGreek-VGA16");
  EXPECT_EQ(text->lines[0], "╔════════════╗");
  EXPECT_EQ(text->lines[1], "║ Main  Boot ║");
}

TEST(FontTextReader, OneColourScreen_ReadsAsNoText) {
  const FontTextReader reader = FontTextReader::with_default_fonts();
  const auto text = reader.read(Image(720, 400, kBlack));
  ASSERT_TRUE(text);
  EXPECT_EQ(text->joined().find_first_not_of('\n'), std::string::npos);
}

TEST(FontTextReader, NoFonts_ReadsNothing) {
  const FontTextReader reader({});
  Image screen(720, 400, kBlack);
  Painter{font_named("Lat15-VGA16"), screen, 9}.write("login:", 0, 0, kGrey, kBlack);
  EXPECT_FALSE(reader.read(screen));
}

TEST(ScreenText, ContainsLooksInLinesAndAcrossThem) {
  ScreenText text;
  text.lines = {"GRUB loading.", "Welcome to GRUB!"};
  EXPECT_EQ(text.joined(), "GRUB loading.\nWelcome to GRUB!");
  EXPECT_TRUE(text.contains("Welcome"));
  EXPECT_TRUE(text.contains("loading.\nWelcome"));
  EXPECT_FALSE(text.contains("loading. Welcome"));
}

}  // namespace
}  // namespace mks::screen
