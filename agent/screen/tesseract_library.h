#pragma once

// Tesseract's C API as the OCR reader uses it, from libtesseract opened on the first OCR
// (codecs/shared_library.h), not at start-up: `tesseract_api().TessBaseAPICreate()`.
#include <tesseract/capi.h>

#include <string>

namespace mks::screen {

// clang-format off
#define MKS_TESSERACT_FUNCTIONS(X) \
  X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit3) X(TessBaseAPIEnd) \
  X(TessBaseAPISetVariable) X(TessBaseAPISetImage) X(TessBaseAPISetSourceResolution) \
  X(TessBaseAPIGetUTF8Text) X(TessBaseAPIClear) X(TessDeleteText) X(TessVersion)
// clang-format on

struct TesseractFunctions {
#define MKS_TESSERACT_MEMBER(name) decltype(&::name) name;
  MKS_TESSERACT_FUNCTIONS(MKS_TESSERACT_MEMBER)
#undef MKS_TESSERACT_MEMBER
};

// Opens libtesseract (and with it leptonica and OpenMP, which reads OMP_THREAD_LIMIT then) on
// first use; throws codecs::MissingLibraryError with the one line to show when it is missing.
const TesseractFunctions& tesseract_api();

// The tesseract release the program was built against, e.g. "5.3.0" (no loading).
std::string tesseract_build_version();

}  // namespace mks::screen
