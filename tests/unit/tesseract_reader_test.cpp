#include "agent/screen/tesseract_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "agent/screen/screen_text.h"
#include "codecs/psf_font.h"

namespace mks::screen {
namespace {

using codecs::Image;
using codecs::Pixel;
using codecs::PsfFont;
using codecs::rgb;

const PsfFont& vga16() {
  static const PsfFont font =
      PsfFont::load(std::filesystem::path(FontTextReader::kDefaultFontDir) / "Lat15-VGA16.psf.gz");
  return font;
}

// Draws ASCII `text` with each font pixel as a scale x scale square (no cell grid a console
// font reader could find).
void draw_big(Image& image, const std::string& text, int x0, int y0, int scale, Pixel ink) {
  const PsfFont& font = vga16();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto glyph = font.glyph_index(static_cast<unsigned char>(text[i]));
    ASSERT_TRUE(glyph);
    for (int gy = 0; gy < font.height(); ++gy) {
      for (int gx = 0; gx < font.width(); ++gx) {
        if (!font.pixel(*glyph, gx, gy)) continue;
        const int x = x0 + (static_cast<int>(i) * (font.width() + 1) + gx) * scale;
        image.fill({x, y0 + gy * scale, scale, scale}, ink);
      }
    }
  }
}

Image gradient_screen(int width, int height) {
  Image image(width, height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      image.set(x, y,
                rgb(static_cast<std::uint8_t>(200 + x * 55 / width),
                    static_cast<std::uint8_t>(210 + y * 45 / height), 230));
    }
  }
  return image;
}

TEST(TesseractReader, ReadsLargeDarkOnLightWord) {
  Image screen(640, 200, rgb(0xFF, 0xFF, 0xFF));
  draw_big(screen, "login:", 40, 50, 4, rgb(0, 0, 0));
  TesseractReader reader;
  EXPECT_NE(reader.read(screen).find("login"), std::string::npos);
}

TEST(TesseractReader, ReadsLargeLightOnDarkLine) {
  Image screen(720, 200, rgb(0, 0, 0));
  draw_big(screen, "Password for root", 20, 60, 2, rgb(0xAA, 0xAA, 0xAA));
  TesseractReader reader;
  const std::string text = reader.read(screen);
  EXPECT_NE(text.find("Password"), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;  // one line, nothing trailing
}

TEST(TesseractReader, BlankScreen_ReadsNothing) {
  TesseractReader reader;
  EXPECT_EQ(reader.read(Image(320, 200, rgb(0, 0, 0))), "");
}

TEST(ScreenTextReader, TextConsole_ReadByFont) {
  Image screen(720, 400, rgb(0, 0, 0));
  const PsfFont& font = vga16();
  const std::string prompt = "debian login:";
  for (std::size_t i = 0; i < prompt.size(); ++i) {
    font.draw_glyph(screen, *font.glyph_index(static_cast<unsigned char>(prompt[i])),
                    static_cast<int>(i) * 9, 32, rgb(0xAA, 0xAA, 0xAA), rgb(0, 0, 0));
  }
  ScreenTextReader reader;
  const ScreenText text = reader.read(screen);
  EXPECT_EQ(text.source, ScreenText::Source::kFont);
  EXPECT_EQ(text.font, "Lat15-VGA16");
  EXPECT_EQ(text.lines.at(2), "debian login:");
}

TEST(ScreenTextReader, GraphicalScreen_ReadByOcr) {
  Image screen = gradient_screen(800, 600);
  draw_big(screen, "Install", 100, 200, 5, rgb(0x20, 0x20, 0x40));
  ScreenTextReader reader;
  const ScreenText text = reader.read(screen);
  EXPECT_EQ(text.source, ScreenText::Source::kOcr);
  EXPECT_TRUE(text.contains("Install")) << text.joined();
}

}  // namespace
}  // namespace mks::screen
