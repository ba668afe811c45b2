#include "agent/fleet/screen_analysis.h"

#include <memory>
#include <sstream>

#include "agent/screen/tesseract_reader.h"
#include "agent/screen/text_reader.h"
#include "codecs/png.h"

namespace mks::fleet {
namespace {

screen::FontTextReader& font_reader() {
  thread_local auto reader =
      std::make_unique<screen::FontTextReader>(screen::FontTextReader::with_default_fonts());
  return *reader;
}

screen::TesseractReader& ocr_reader() {
  thread_local auto reader = std::make_unique<screen::TesseractReader>();
  return *reader;
}

screen::ScreenText ocr_text(const codecs::Image& image) {
  screen::ScreenText text;
  text.source = screen::ScreenText::Source::kOcr;
  std::istringstream lines(ocr_reader().read(image));
  for (std::string line; std::getline(lines, line);) text.lines.push_back(line);
  return text;
}

}  // namespace

bool is_one_colour(const codecs::Image& screen) {
  constexpr codecs::Pixel kColour = 0xFFFFFF;
  const auto pixels = screen.pixels();
  if (pixels.empty()) return true;
  const codecs::Pixel first = pixels.front() & kColour;
  for (codecs::Pixel p : pixels) {
    if ((p & kColour) != first) return false;
  }
  return true;
}

Classification analyse_screen(const codecs::Image& screen, const StateRules& rules,
                              const std::filesystem::path& screenshot) {
  if (!screenshot.empty()) codecs::write_png_file(screen, screenshot);
  const std::optional<screen::ScreenText> font_text = font_reader().read(screen);
  std::optional<screen::ScreenText> ocr;
  if (!font_text && rules.wants_ocr() && !is_one_colour(screen)) ocr = ocr_text(screen);
  return rules.classify(screen, font_text, ocr);
}

}  // namespace mks::fleet
