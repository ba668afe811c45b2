#pragma once

#include <memory>

#include "agent/screen/tesseract_reader.h"
#include "agent/screen/text_reader.h"
#include "codecs/image.h"

namespace mks::screen {

// Reads whatever the screen shows: exactly, by console font, when it is a text console;
// by tesseract OCR otherwise. The tesseract engine is started on the first screen that
// needs it. Not thread-safe: one object per thread.
class ScreenTextReader {
 public:
  ScreenTextReader();  // FontTextReader::with_default_fonts()
  explicit ScreenTextReader(FontTextReader fonts);
  ~ScreenTextReader();
  ScreenTextReader(ScreenTextReader&&) noexcept;
  ScreenTextReader& operator=(ScreenTextReader&&) noexcept;

  // Throws std::runtime_error if OCR is needed and tesseract cannot start.
  ScreenText read(const codecs::Image& screen);

 private:
  FontTextReader fonts_;
  std::unique_ptr<TesseractReader> ocr_;
};

}  // namespace mks::screen
