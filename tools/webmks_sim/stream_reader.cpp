#include "tools/webmks_sim/stream_reader.h"

#include <algorithm>
#include <array>

namespace mks::sim {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

}  // namespace

boost::asio::awaitable<void> StreamReader::read(std::span<std::uint8_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    if (begin_ == buffer_.size()) {
      buffer_.resize(kChunk);
      begin_ = 0;
      const std::size_t n = co_await stream_.read_some(buffer_);
      buffer_.resize(n);
    }
    const std::size_t n = std::min(out.size() - done, buffer_.size() - begin_);
    std::copy_n(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_), n, out.begin() + done);
    begin_ += n;
    done += n;
  }
}

boost::asio::awaitable<std::vector<std::uint8_t>> StreamReader::bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  co_await read(out);
  co_return out;
}

boost::asio::awaitable<void> StreamReader::skip(std::size_t n) {
  std::array<std::uint8_t, 256> scratch;
  while (n > 0) {
    const std::size_t step = std::min(n, scratch.size());
    co_await read(std::span(scratch).first(step));
    n -= step;
  }
}

boost::asio::awaitable<std::uint8_t> StreamReader::u8() {
  std::array<std::uint8_t, 1> b;
  co_await read(b);
  co_return b[0];
}

boost::asio::awaitable<std::uint16_t> StreamReader::u16() {
  std::array<std::uint8_t, 2> b;
  co_await read(b);
  co_return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}

boost::asio::awaitable<std::uint32_t> StreamReader::u32() {
  std::array<std::uint8_t, 4> b;
  co_await read(b);
  co_return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
      b[3];
}

boost::asio::awaitable<std::int32_t> StreamReader::s32() {
  const std::uint32_t value = co_await u32();
  co_return static_cast<std::int32_t>(value);
}

}  // namespace mks::sim
