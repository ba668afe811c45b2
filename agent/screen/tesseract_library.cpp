#include "agent/screen/tesseract_library.h"

#include <tesseract/version.h>

#include "codecs/shared_library.h"

namespace mks::screen {
namespace {

TesseractFunctions load_tesseract() {
  const codecs::SharedLibraries library(
      {"libtesseract.so." + std::to_string(TESSERACT_MAJOR_VERSION)},
      "reading a screen by OCR needs tesseract", "libtesseract5 tesseract-ocr-eng");
  TesseractFunctions functions{};
#define MKS_TESSERACT_LOAD(name) functions.name = library.function<decltype(&::name)>(#name);
  MKS_TESSERACT_FUNCTIONS(MKS_TESSERACT_LOAD)
#undef MKS_TESSERACT_LOAD
  return functions;
}

}  // namespace

const TesseractFunctions& tesseract_api() {
  static const TesseractFunctions functions = load_tesseract();
  return functions;
}

std::string tesseract_build_version() {
  return TESSERACT_VERSION_STR;
}

}  // namespace mks::screen
