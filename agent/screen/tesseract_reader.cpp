#include "agent/screen/tesseract_reader.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "agent/screen/tesseract_library.h"

namespace mks::screen {
namespace {

constexpr int kScreenPpi = 70;  // a console at 1:1 on a monitor; silences the "0 dpi" warning

// Grey levels, dark text on light paper (tesseract's LSTM model is trained on that), each
// pixel repeated scale x scale times.
std::vector<std::uint8_t> grey_page(const codecs::Image& screen, int scale) {
  const int width = screen.width() * scale;
  std::vector<std::uint8_t> page(static_cast<std::size_t>(width) * screen.height() * scale);
  std::uint64_t total = 0;
  for (int y = 0; y < screen.height(); ++y) {
    const codecs::Pixel* line = screen.row(y);
    std::uint8_t* out = page.data() + static_cast<std::size_t>(y) * scale * width;
    for (int x = 0; x < screen.width(); ++x) {
      const codecs::Pixel p = line[x];
      const auto luma = static_cast<std::uint8_t>(
          (codecs::red(p) * 299 + codecs::green(p) * 587 + codecs::blue(p) * 114) / 1000);
      std::fill_n(out + static_cast<std::ptrdiff_t>(x) * scale, scale, luma);
      total += luma;
    }
    for (int copy = 1; copy < scale; ++copy) std::copy_n(out, width, out + copy * width);
  }
  const bool dark = total < std::uint64_t{128} * screen.width() * screen.height();
  if (dark) {
    for (std::uint8_t& v : page) v = static_cast<std::uint8_t>(255 - v);
  }
  return page;
}

std::string tidy(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t last = end;
    while (last > start && (text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    out.append(text, start, last - start);
    out += '\n';
    start = end + 1;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

void TesseractReader::EngineDeleter::operator()(tesseract::TessBaseAPI* engine) const {
  tesseract_api().TessBaseAPIEnd(engine);
  tesseract_api().TessBaseAPIDelete(engine);
}

TesseractReader::TesseractReader(int scale)
    : api_(tesseract_api().TessBaseAPICreate()), scale_(std::clamp(scale, 1, 4)) {
  const TesseractFunctions& tess = tesseract_api();
  if (tess.TessBaseAPIInit3(api_.get(), nullptr, "eng") != 0) {
    throw std::runtime_error(
        "tesseract: cannot load the English model (install the package tesseract-ocr-eng)");
  }
  tess.TessBaseAPISetVariable(api_.get(), "debug_file", "/dev/null");
}

TesseractReader::~TesseractReader() = default;
TesseractReader::TesseractReader(TesseractReader&&) noexcept = default;
TesseractReader& TesseractReader::operator=(TesseractReader&&) noexcept = default;

std::string TesseractReader::read(const codecs::Image& screen) {
  if (screen.empty()) return {};
  const TesseractFunctions& tess = tesseract_api();
  const std::vector<std::uint8_t> page = grey_page(screen, scale_);
  const int width = screen.width() * scale_;
  tess.TessBaseAPISetImage(api_.get(), page.data(), width, screen.height() * scale_, 1, width);
  tess.TessBaseAPISetSourceResolution(api_.get(), kScreenPpi * scale_);
  char* text = tess.TessBaseAPIGetUTF8Text(api_.get());
  tess.TessBaseAPIClear(api_.get());
  if (text == nullptr) return {};
  std::string result = tidy(text);
  tess.TessDeleteText(text);
  return result;
}

}  // namespace mks::screen
