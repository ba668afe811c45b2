#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace mks::testing {

// The server side of a persistent zlib stream: each chunk ends with a sync flush, as RFB
// servers send it.
class Deflater {
 public:
  explicit Deflater(int level = 6) {
    if (deflateInit(&stream_, level) != Z_OK) throw std::runtime_error("deflateInit");
  }
  ~Deflater() { deflateEnd(&stream_); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::vector<std::uint8_t> chunk(std::span<const std::uint8_t> data) {
    std::vector<std::uint8_t> out(deflateBound(&stream_, data.size()) + 64);
    stream_.next_in = const_cast<Bytef*>(data.data());
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = out.data();
    stream_.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream_, Z_SYNC_FLUSH) != Z_OK || stream_.avail_in != 0)
      throw std::runtime_error("deflate");
    const auto used = static_cast<std::ptrdiff_t>(out.size() - stream_.avail_out);
    out.erase(out.begin() + used, out.end());
    return out;
  }

 private:
  z_stream stream_{};
};

}  // namespace mks::testing
