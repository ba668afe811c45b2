// PNG images from outside: needles (reference images a runbook compares the screen with) and
// TightPNG payloads. Decoded whole, then into a framebuffer at an offset.
#include "codecs/decode_error.h"
#include "codecs/png.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(png_image) {
  try {
    const mks::codecs::Image image = mks::codecs::decode_png({data, size});
    mks::codecs::Image fb(image.width() + 3, image.height() + 2);
    mks::codecs::decode_png_into({data, size}, fb, {2, 1, image.width(), image.height()});
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
