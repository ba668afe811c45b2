#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "agent/transport/byte_stream.h"

namespace mks::rfb {

// Exact-size reads over a ByteStream, so the protocol parser reads straight-line. The buffer
// grows to the largest read asked for (callers check lengths against agent/limits.h first)
// and shrinks again after it.
class StreamReader {
 public:
  explicit StreamReader(transport::ByteStream& stream) : stream_(stream) {}

  // The next `n` bytes; the span stays valid until the next read.
  boost::asio::awaitable<std::span<const std::uint8_t>> read(std::size_t n);
  boost::asio::awaitable<std::uint8_t> u8();
  boost::asio::awaitable<std::uint16_t> u16();
  boost::asio::awaitable<std::uint32_t> u32();
  boost::asio::awaitable<void> skip(std::size_t n);

 private:
  void release_large_buffer();

  transport::ByteStream& stream_;
  std::vector<std::uint8_t> buffer_;
  std::size_t begin_ = 0;  // first unread byte
  std::size_t end_ = 0;    // one past the last received byte
};

}  // namespace mks::rfb
