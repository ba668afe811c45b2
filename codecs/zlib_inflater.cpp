#include "codecs/zlib_inflater.h"

#include <array>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {

ZlibInflater::ZlibInflater(const char* encoding) : encoding_(encoding) {
  if (inflateInit(&stream_) != Z_OK) fail("cannot initialise zlib");
}

ZlibInflater::~ZlibInflater() {
  inflateEnd(&stream_);
}

void ZlibInflater::fail(const std::string& what) const {
  throw DecodeError(std::string(encoding_) + ": " + what);
}

void ZlibInflater::reset() {
  if (inflateReset(&stream_) != Z_OK) fail("cannot reset the zlib stream");
}

std::size_t ZlibInflater::inflate_some(std::span<std::uint8_t> out) {
  stream_.next_out = out.data();
  stream_.avail_out = static_cast<uInt>(out.size());
  // Even without input left, inflate may still hold output from the last call.
  while (stream_.avail_out > 0) {
    const uInt in_before = stream_.avail_in;
    const uInt out_before = stream_.avail_out;
    const int result = inflate(&stream_, Z_SYNC_FLUSH);
    if (result == Z_NEED_DICT || result == Z_DATA_ERROR || result == Z_MEM_ERROR ||
        result == Z_STREAM_ERROR) {
      fail(std::string("bad zlib data (") + (stream_.msg ? stream_.msg : "no detail") + ")");
    }
    if (result == Z_STREAM_END && stream_.avail_in > 0)
      fail("data after the end of the zlib stream");
    if (stream_.avail_in == in_before && stream_.avail_out == out_before) break;
  }
  return out.size() - stream_.avail_out;
}

void ZlibInflater::inflate_exact(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  stream_.next_in = const_cast<Bytef*>(in.data());
  stream_.avail_in = static_cast<uInt>(in.size());
  const std::size_t written = inflate_some(out);
  // The rest of the input (usually the sync flush's empty block) must still go through the
  // stream to keep it in step with the server's, and must not yield pixels.
  std::array<std::uint8_t, 64> spare{};
  const bool extra = inflate_some(spare) > 0;
  const bool stuck = stream_.avail_in > 0;
  stream_.next_in = nullptr;
  stream_.avail_in = 0;
  if (written < out.size()) {
    fail("zlib data ends after " + std::to_string(written) + " of " + std::to_string(out.size()) +
         " bytes");
  }
  if (extra)
    fail("zlib data holds more than the " + std::to_string(out.size()) + " bytes expected");
  if (stuck) fail("zlib data not fully consumed");
}

std::vector<std::uint8_t> ZlibInflater::inflate_all(std::span<const std::uint8_t> in,
                                                    std::size_t max_out) {
  constexpr std::size_t kStep = 64 * 1024;
  stream_.next_in = const_cast<Bytef*>(in.data());
  stream_.avail_in = static_cast<uInt>(in.size());
  std::vector<std::uint8_t> out;
  while (out.size() <= max_out) {
    const std::size_t used = out.size();
    out.resize(used + kStep);
    const std::size_t written = inflate_some(std::span(out).subspan(used));
    out.resize(used + written);
    if (written < kStep) break;
  }
  const bool stuck = stream_.avail_in > 0;
  stream_.next_in = nullptr;
  stream_.avail_in = 0;
  if (out.size() > max_out) {
    fail("zlib data inflates to more than " + std::to_string(max_out) + " bytes");
  }
  if (stuck) fail("zlib data not fully consumed");
  return out;
}

}  // namespace mks::codecs
