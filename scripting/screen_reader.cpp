#include "scripting/screen_reader.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/screen/tesseract_reader.h"

namespace mks::scripting {
namespace asio = boost::asio;

ScreenReader::ScreenReader()
    : fonts_(screen::FontTextReader::with_default_fonts()),
      ocr_thread_(std::make_unique<asio::thread_pool>(1)) {}

ScreenReader::~ScreenReader() {
  ocr_thread_->join();
}

std::optional<screen::ScreenText> ScreenReader::read_console(const codecs::Image& screen) const {
  return fonts_.read(screen);
}

asio::awaitable<screen::ScreenText> ScreenReader::read(const codecs::Image& screen) {
  if (auto text = fonts_.read(screen)) co_return std::move(*text);
  // The framebuffer keeps changing while tesseract works: it reads a copy.
  auto copy = std::make_shared<codecs::Image>(screen);
  auto ocr = [copy]() -> asio::awaitable<screen::ScreenText> {
    thread_local screen::TesseractReader reader;
    screen::ScreenText text;
    text.source = screen::ScreenText::Source::kOcr;
    const std::string all = reader.read(*copy);
    std::size_t begin = 0;
    while (begin <= all.size()) {
      std::size_t end = all.find('\n', begin);
      if (end == std::string::npos) end = all.size();
      text.lines.push_back(all.substr(begin, end - begin));
      begin = end + 1;
    }
    co_return text;
  };
  screen::ScreenText text = co_await asio::co_spawn(*ocr_thread_, ocr, asio::use_awaitable);
  co_return text;
}

}  // namespace mks::scripting
