#pragma once

#include <memory>
#include <string>

#include "codecs/image.h"

namespace tesseract {
class TessBaseAPI;
}

namespace mks::screen {

// General OCR with tesseract's English model, for screens no console font reads (graphical
// installers, splash screens). Slow (hundreds of ms per screen) and approximate: it confuses
// 0/O, 1/l/I. Each object owns one tesseract engine; an object must not be used by two
// threads at once (tesseract's engine is not thread-safe), make one per thread instead.
// Tesseract runs OpenMP threads (a fixed 4 in its LSTM, so omp_set_num_threads cannot lower
// it) that spin against each other on a busy machine: a 720x400 console took 6-9 s on 2
// shared cores, 0.6 s with OMP_THREAD_LIMIT=1 in the environment (read at program start).
class TesseractReader {
 public:
  // `scale` enlarges the screen (nearest neighbour) before recognition: tesseract reads
  // 16-pixel console text better at 2x. Throws codecs::MissingLibraryError when tesseract is
  // not installed, std::runtime_error when its English model is not (tesseract-ocr-eng).
  explicit TesseractReader(int scale = 1);
  ~TesseractReader();
  TesseractReader(TesseractReader&&) noexcept;
  TesseractReader& operator=(TesseractReader&&) noexcept;

  // The recognised text, UTF-8, lines separated by '\n', trailing blanks and blank lines at
  // the end removed.
  std::string read(const codecs::Image& screen);

 private:
  struct EngineDeleter {
    void operator()(tesseract::TessBaseAPI* engine) const;
  };
  std::unique_ptr<tesseract::TessBaseAPI, EngineDeleter> api_;
  int scale_;
};

}  // namespace mks::screen
