#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <span>
#include <vector>

#include "agent/transport/byte_stream.h"

namespace mks::sim {

// Exact-length, big-endian reads over a ByteStream, which only offers read_some.
class StreamReader {
 public:
  explicit StreamReader(transport::ByteStream& stream) : stream_(stream) {}

  boost::asio::awaitable<void> read(std::span<std::uint8_t> out);
  boost::asio::awaitable<std::vector<std::uint8_t>> bytes(std::size_t n);
  boost::asio::awaitable<void> skip(std::size_t n);
  boost::asio::awaitable<std::uint8_t> u8();
  boost::asio::awaitable<std::uint16_t> u16();
  boost::asio::awaitable<std::uint32_t> u32();
  boost::asio::awaitable<std::int32_t> s32();

 private:
  transport::ByteStream& stream_;
  std::vector<std::uint8_t> buffer_;
  std::size_t begin_ = 0;  // first unread byte in buffer_
};

}  // namespace mks::sim
