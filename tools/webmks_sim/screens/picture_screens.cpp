#include "tools/webmks_sim/screens/picture_screens.h"

#include <string>
#include <string_view>
#include <vector>

namespace mks::sim::screens {
namespace {

using codecs::Image;
using codecs::Pixel;
using codecs::rgb;

constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr Pixel kWindowsBlue = rgb(0x00, 0x5A, 0x9E);
constexpr Pixel kWhite = rgb(0xFF, 0xFF, 0xFF);
constexpr int kMargin = 80;
constexpr int kScale = 2;
constexpr int kTitleScale = 3;

// Texts: MicrosoftDocs SupportArticles troubleshoot-boot-error-status-not-found and
// transcripts of the Windows 10 bootmgr Recovery screen.
constexpr std::string_view kTitle = "Recovery";
constexpr std::string_view kHeadline = "Your PC/Device needs to be repaired";
constexpr std::string_view kReason =
    "The operating system couldn't be loaded because a required file is missing or contains "
    "errors.";
constexpr std::string_view kFile = "File: \\windows\\system32\\winload.efi";
constexpr std::string_view kErrorCode = "Error code: 0xc0000225";
constexpr std::string_view kAdvice =
    "You'll need to use recovery tools. If you don't have any installation media (like a "
    "disc or USB device), contact your PC administrator or PC/Device manufacturer.";
constexpr std::string_view kKeys[] = {
    "Press Enter to try again",
    "Press F8 for Startup Settings",
    "Press Esc for UEFI Firmware Settings",
};

// Draws ASCII text with each font pixel as a scale x scale square and a one-pixel gap
// between glyphs (scaled too): no character cell grid of the console's geometry.
class BigWriter {
 public:
  BigWriter(const codecs::PsfFont& font, Image& image) : font_(font), image_(image) {}

  int advance(int scale) const { return (font_.width() + 1) * scale; }
  int line_height(int scale) const { return font_.height() * scale + 2 * scale; }

  void text(std::string_view text, int x0, int y0, int scale) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto glyph = font_.glyph_index(static_cast<unsigned char>(text[i]));
      if (!glyph) continue;
      const int x = x0 + static_cast<int>(i) * advance(scale);
      for (int gy = 0; gy < font_.height(); ++gy) {
        for (int gx = 0; gx < font_.width(); ++gx) {
          if (font_.pixel(*glyph, gx, gy)) {
            image_.fill({x + gx * scale, y0 + gy * scale, scale, scale}, kWhite);
          }
        }
      }
    }
  }

  // Word-wraps `text` to the width left of the margins; returns the y below it.
  int paragraph(std::string_view text, int y, int scale) {
    const auto columns = static_cast<std::size_t>((kWidth - 2 * kMargin) / advance(scale));
    std::string line;
    auto flush = [&] {
      this->text(line, kMargin, y, scale);
      y += line_height(scale);
      line.clear();
    };
    while (!text.empty()) {
      const auto space = text.find(' ');
      const std::string_view word = text.substr(0, space);
      text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
      if (!line.empty() && line.size() + 1 + word.size() > columns) flush();
      line += (line.empty() ? "" : " ") + std::string(word);
    }
    if (!line.empty()) flush();
    return y;
  }

 private:
  const codecs::PsfFont& font_;
  Image& image_;
};

Pixel blend(Pixel a, Pixel b, int step, int steps) {
  auto mix = [&](std::uint8_t x, std::uint8_t y) {
    return static_cast<std::uint8_t>(x + (y - x) * step / steps);
  };
  return rgb(mix(codecs::red(a), codecs::red(b)), mix(codecs::green(a), codecs::green(b)),
             mix(codecs::blue(a), codecs::blue(b)));
}

void vertical_gradient(Image& image, codecs::Rect area, Pixel top, Pixel bottom) {
  for (int y = 0; y < area.h; ++y) {
    image.fill({area.x, area.y + y, area.w, 1}, blend(top, bottom, y, area.h));
  }
}

void window(Image& image, codecs::Rect frame, Pixel title_bar) {
  image.fill(frame, rgb(0xF3, 0xF3, 0xF3));
  image.fill({frame.x, frame.y, frame.w, 28}, title_bar);
  image.fill({frame.x + frame.w - 24, frame.y + 8, 12, 12}, rgb(0xE8, 0x11, 0x23));
  vertical_gradient(image, {frame.x + 16, frame.y + 44, frame.w - 32, frame.h - 60},
                    rgb(0xDD, 0xE6, 0xF0), rgb(0xA8, 0xC0, 0xD8));
}

}  // namespace

Image windows_recovery_screen(const codecs::PsfFont& font) {
  Image image(kWidth, kHeight, kWindowsBlue);
  BigWriter writer(font, image);
  writer.text(kTitle, kMargin, 56, kTitleScale);
  int y = writer.paragraph(kHeadline, 56 + writer.line_height(kTitleScale) + 24, kScale);
  y = writer.paragraph(kReason, y + 24, kScale);
  y = writer.paragraph(kFile, y + 12, kScale);
  y = writer.paragraph(kErrorCode, y, kScale);
  y = writer.paragraph(kAdvice, y + 24, kScale);
  y += 24;
  for (auto keys : kKeys) y = writer.paragraph(keys, y, kScale);
  return image;
}

Image blank_screen() {
  return Image(720, 400, rgb(0, 0, 0));
}

Image graphical_screen() {
  Image image(kWidth, kHeight);
  vertical_gradient(image, image.bounds(), rgb(0x1B, 0x3A, 0x5C), rgb(0x4A, 0x8F, 0xB8));
  image.fill({0, kHeight - 40, kWidth, 40}, rgb(0x20, 0x20, 0x24));  // panel
  for (int i = 0; i < 5; ++i) {
    image.fill({12 + i * 44, kHeight - 32, 28, 24},
               blend(rgb(0x3C, 0x7D, 0xD9), rgb(0xE0, 0x8A, 0x2C), i, 4));
    image.fill({24, 24 + i * 84, 48, 48}, rgb(0xD0, 0xD8, 0xE0));  // desktop icons
  }
  window(image, {180, 110, 520, 360}, rgb(0x2B, 0x57, 0x9A));
  window(image, {560, 300, 380, 300}, rgb(0x4E, 0x4E, 0x58));
  return image;
}

}  // namespace mks::sim::screens
