#include "agent/screen/screen_text.h"

#include <utility>

namespace mks::screen {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

ScreenTextReader::ScreenTextReader() : ScreenTextReader(FontTextReader::with_default_fonts()) {}

ScreenTextReader::ScreenTextReader(FontTextReader fonts) : fonts_(std::move(fonts)) {}

ScreenTextReader::~ScreenTextReader() = default;
ScreenTextReader::ScreenTextReader(ScreenTextReader&&) noexcept = default;
ScreenTextReader& ScreenTextReader::operator=(ScreenTextReader&&) noexcept = default;

ScreenText ScreenTextReader::read(const codecs::Image& screen) {
  if (auto text = fonts_.read(screen)) return std::move(*text);
  if (!ocr_) ocr_ = std::make_unique<TesseractReader>();
  ScreenText text;
  text.source = ScreenText::Source::kOcr;
  text.lines = split_lines(ocr_->read(screen));
  return text;
}

}  // namespace mks::screen
