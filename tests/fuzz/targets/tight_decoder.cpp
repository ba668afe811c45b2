// TightDecoder: rectangles as the server sends them, through one decoder object.
#include "codecs/tight_decoder.h"

#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/targets/stream_decoders.h"

MKS_FUZZ_TARGET(tight_decoder) {
  mks::fuzz::FuzzInput in(data, size);
  mks::codecs::TightDecoder decoder;
  return mks::fuzz::decode_rectangles(decoder, in);
}
