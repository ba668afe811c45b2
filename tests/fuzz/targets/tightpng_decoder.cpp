// VMware's TightPNG: one rectangle whose payload is the rest of the input (fill, JPEG, PNG).
#include "codecs/tightpng_decoder.h"

#include "codecs/decode_error.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(tightpng_decoder) {
  mks::fuzz::FuzzInput in(data, size);
  mks::codecs::Image fb = in.framebuffer();
  const mks::codecs::Rect r = in.rect();
  try {
    mks::codecs::tightpng::decode(in.rest(), r, fb);
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
