// Raw and CopyRect: whole payloads whose size the rectangle fixes; the first byte picks one.
#include "codecs/copyrect_decoder.h"
#include "codecs/decode_error.h"
#include "codecs/raw_decoder.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(raw_copyrect_decoder) {
  mks::fuzz::FuzzInput in(data, size);
  const bool copyrect = in.byte() & 1;
  mks::codecs::Image fb = in.framebuffer();
  try {
    while (!in.empty()) {
      const mks::codecs::Rect r = in.rect();
      if (copyrect) {
        mks::codecs::decode_copyrect(in.take(4), r, fb);
      } else {
        mks::codecs::decode_raw(in.take(mks::codecs::raw_payload_size(r)), r, fb);
      }
    }
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
