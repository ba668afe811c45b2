// mks-bench-text-reader: reading a full text console by font (exact) against tesseract OCR on
// the same screens in the same run: 720x400 VGA text mode (80x25 cells of 9x16) and a
// 1024x768 framebuffer console (128x48 cells of 8x16).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "agent/screen/tesseract_reader.h"
#include "agent/screen/text_reader.h"
#include "codecs/psf_font.h"

namespace {

using mks::codecs::Image;
using mks::codecs::PsfFont;
using mks::codecs::rgb;
using mks::screen::FontTextReader;
using mks::screen::TesseractReader;

constexpr int kFontRuns = 200;
constexpr int kOcrRuns = 3;
constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

double median_ms(int runs, const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Screen {
  std::string name;
  Image image;
  std::vector<std::string> lines;  // what is drawn, row by row
};

// Every row full of boot-log text, grey on black, in cells `cell_width` wide.
Screen console(const std::string& name, const PsfFont& font, int cell_width, int width,
               int height) {
  Screen screen{name, Image(width, height, rgb(0, 0, 0)), {}};
  const std::string words =
      "[  OK  ] Started Journal Service. Reached target Local File Systems. login: tty1 0x60 ";
  std::mt19937 rng(1);
  const int cols = width / cell_width;
  for (int row = 0; row < height / font.height(); ++row) {
    std::string line;
    const std::size_t offset = rng() % words.size();
    for (int col = 0; col < cols; ++col) line += words[(offset + col) % words.size()];
    line.erase(line.find_last_not_of(' ') + 1);
    for (std::size_t col = 0; col < line.size(); ++col) {
      const auto glyph = font.glyph_index(static_cast<unsigned char>(line[col]));
      font.draw_glyph(screen.image, glyph.value_or(0), static_cast<int>(col) * cell_width,
                      row * font.height(), rgb(0xAA, 0xAA, 0xAA), rgb(0, 0, 0));
    }
    screen.lines.push_back(line);
  }
  return screen;
}

int matching_lines(const std::vector<std::string>& expected, const std::string& text) {
  int found = 0;
  std::size_t start = 0;
  std::vector<std::string> got;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    got.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (const std::string& line : expected) {
    found += std::find(got.begin(), got.end(), line) != got.end();
  }
  return found;
}

}  // namespace

int main() {
  const PsfFont font = PsfFont::load(kFont);
  const std::vector<Screen> screens = {
      console("720x400 VGA text, 80x25 cells of 9x16", font, 9, 720, 400),
      console("1024x768 framebuffer, 128x48 cells of 8x16", font, 8, 1024, 768),
  };

  FontTextReader reader = FontTextReader::with_default_fonts();
  const double load_ms = median_ms(3, [] { (void)FontTextReader::with_default_fonts(); });
  std::printf("Font reader: %zu fonts loaded and tabled in %.1f ms\n", reader.font_names().size(),
              load_ms);
  TesseractReader ocr;
  const char* omp_limit = std::getenv("OMP_THREAD_LIMIT");
  std::printf("tesseract with OMP_THREAD_LIMIT=%s (1 is far faster on a busy machine)\n",
              omp_limit ? omp_limit : "(unset)");

  for (const Screen& screen : screens) {
    std::printf("\n%s, every row full:\n", screen.name.c_str());
    std::vector<double> cold;  // a new reader's first read: grid search included
    for (int i = 0; i < 5; ++i) {
      const FontTextReader fresh = FontTextReader::with_default_fonts();
      cold.push_back(median_ms(1, [&] { (void)fresh.read(screen.image); }));
    }
    std::sort(cold.begin(), cold.end());
    auto text = reader.read(screen.image);
    const bool exact = text && text->lines == screen.lines;
    const double font_ms = median_ms(kFontRuns, [&] { text = reader.read(screen.image); });
    std::string ocr_text;
    const double ocr_ms = median_ms(kOcrRuns, [&] { ocr_text = ocr.read(screen.image); });
    std::printf("  font reader, grid known    %8.3f ms  (median of %d) %s, font %s\n", font_ms,
                kFontRuns, exact ? "exact" : "NOT EXACT", text ? text->font.c_str() : "-");
    std::printf("  font reader, grid search   %8.3f ms  (first read of a new reader)\n",
                cold[cold.size() / 2]);
    std::printf("  tesseract (eng, 1x)        %8.1f ms  (median of %d), %d/%zu lines exact\n",
                ocr_ms, kOcrRuns, matching_lines(screen.lines, ocr_text), screen.lines.size());
    std::printf("  tesseract / font reader    %8.0fx\n", ocr_ms / font_ms);
  }

  Image photo(1024, 768);
  std::mt19937 rng(2);
  for (int y = 0; y < photo.height(); ++y) {
    for (int x = 0; x < photo.width(); ++x) {
      photo.set(x, y,
                rgb(static_cast<std::uint8_t>(x / 4 + rng() % 8),
                    static_cast<std::uint8_t>(y / 3 + rng() % 8), 120));
    }
  }
  bool refused = true;
  const double photo_ms = median_ms(20, [&] { refused = refused && !reader.read(photo); });
  std::printf("\n1024x768 photo-like screen: font reader says \"not a console\" in %.3f ms (%s)\n",
              photo_ms, refused ? "every time" : "NOT ALWAYS");
  return 0;
}
