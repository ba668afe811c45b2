#include "agent/rfb/stream_reader.h"

#include <algorithm>
#include <cstring>

#include "agent/limits.h"
#include "codecs/byte_order.h"

namespace mks::rfb {

namespace {
constexpr std::size_t kMinChunk = 64 * 1024;
}

void StreamReader::release_large_buffer() {
  const std::size_t unread = end_ - begin_;
  if (buffer_.size() <= limits::kRetainedBuffer || unread > kMinChunk) return;
  std::vector<std::uint8_t> small(kMinChunk);
  std::memcpy(small.data(), buffer_.data() + begin_, unread);
  buffer_.swap(small);
  begin_ = 0;
  end_ = unread;
}

boost::asio::awaitable<std::span<const std::uint8_t>> StreamReader::read(std::size_t n) {
  // The span handed out by the previous read is dead now: a buffer grown for one large
  // message need not stay resident.
  if (n <= kMinChunk) release_large_buffer();
  if (end_ - begin_ < n) {
    // Move the unread tail to the front, grow to fit n, then fill.
    if (end_ > begin_) std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (buffer_.size() < std::max(n, kMinChunk)) buffer_.resize(std::max(n, kMinChunk));
    while (end_ < n) {
      end_ += co_await stream_.read_some(std::span(buffer_).subspan(end_));
    }
  }
  std::span<const std::uint8_t> out(buffer_.data() + begin_, n);
  begin_ += n;
  co_return out;
}

boost::asio::awaitable<std::uint8_t> StreamReader::u8() {
  co_return (co_await read(1))[0];
}

boost::asio::awaitable<std::uint16_t> StreamReader::u16() {
  co_return codecs::load_be16((co_await read(2)).data());
}

boost::asio::awaitable<std::uint32_t> StreamReader::u32() {
  co_return codecs::load_be32((co_await read(4)).data());
}

boost::asio::awaitable<void> StreamReader::skip(std::size_t n) {
  while (n > 0) {
    std::size_t step = std::min(n, kMinChunk);
    co_await read(step);
    n -= step;
  }
}

}  // namespace mks::rfb
