#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mks::codecs {

// One persistent zlib stream (RFB's Zlib, ZRLE and Tight keep theirs for the whole
// connection; servers end each rectangle with a sync flush). Errors are DecodeError naming
// `encoding`.
class ZlibInflater {
 public:
  explicit ZlibInflater(const char* encoding);
  ~ZlibInflater();
  ZlibInflater(const ZlibInflater&) = delete;
  ZlibInflater& operator=(const ZlibInflater&) = delete;

  // Forgets the history (Tight's reset bits).
  void reset();
  // Inflates all of `in` into exactly `out`: bad data, too little or too much output throw.
  void inflate_exact(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);
  // Inflates all of `in` and returns the output; throws when it exceeds `max_out` bytes.
  std::vector<std::uint8_t> inflate_all(std::span<const std::uint8_t> in, std::size_t max_out);

 private:
  // Runs inflate until the input is used up or `out` is full; returns the bytes written.
  std::size_t inflate_some(std::span<std::uint8_t> out);
  [[noreturn]] void fail(const std::string& what) const;

  const char* encoding_;
  z_stream stream_{};
};

}  // namespace mks::codecs
