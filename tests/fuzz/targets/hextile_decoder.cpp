// HextileDecoder: rectangles as the server sends them, through one decoder object.
#include "codecs/hextile_decoder.h"

#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/targets/stream_decoders.h"

MKS_FUZZ_TARGET(hextile_decoder) {
  mks::fuzz::FuzzInput in(data, size);
  mks::codecs::HextileDecoder decoder;
  return mks::fuzz::decode_rectangles(decoder, in);
}
