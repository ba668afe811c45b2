#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>

#include "agent/screen/screen_text.h"
#include "agent/screen/text_reader.h"
#include "codecs/image.h"

namespace mks::scripting {

// Reads the text on a screen: exactly by console font when the screen is a text console
// (about a millisecond, on the caller's thread), else by tesseract on a worker thread so
// the other consoles of the process keep running during its ~0.7 s.
class ScreenReader {
 public:
  ScreenReader();
  ~ScreenReader();

  boost::asio::awaitable<screen::ScreenText> read(const codecs::Image& screen);
  // The font reader alone: nullopt for a graphical screen.
  std::optional<screen::ScreenText> read_console(const codecs::Image& screen) const;

 private:
  screen::FontTextReader fonts_;
  std::unique_ptr<boost::asio::thread_pool> ocr_thread_;
};

}  // namespace mks::scripting
