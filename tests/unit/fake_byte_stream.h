#pragma once

// A scripted in-memory transport::ByteStream for driving the RFB client in unit tests:
// server bytes are fed, client bytes are recorded. When the script runs out, read_some throws
// TransportError as a real stream does when the peer closes; with hold_open() it waits for
// more bytes (or close()) instead, like a silent server.
#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <future>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/byte_stream.h"

namespace mks::testing {

using Bytes = std::vector<std::uint8_t>;

class FakeByteStream final : public transport::ByteStream {
 public:
  explicit FakeByteStream(boost::asio::io_context& io) : io_(io), more_(io) {}

  // Appends server bytes; each feed is one "message" that read_some never crosses.
  void feed(const Bytes& bytes) {
    if (!bytes.empty()) chunks_.push_back(bytes);
    more_.cancel();
  }
  void hold_open() { hold_open_ = true; }
  void feed(std::string_view text) { feed(Bytes(text.begin(), text.end())); }
  // Deliver at most this many bytes per read_some (1 exercises every reassembly path).
  void set_max_read(std::size_t n) { max_read_ = n; }

  boost::asio::any_io_executor get_executor() override { return io_.get_executor(); }

  boost::asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    while (chunks_.empty() && hold_open_ && !closed_) {
      more_.expires_at(boost::asio::steady_timer::time_point::max());
      boost::system::error_code ec;
      co_await more_.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
    if (closed_) throw TransportError("the connection to the test server was closed");
    if (chunks_.empty()) throw TransportError("test server closed the connection");
    Bytes& chunk = chunks_.front();
    const std::size_t n = std::min({buffer.size(), chunk.size() - offset_, max_read_});
    std::copy_n(chunk.begin() + static_cast<std::ptrdiff_t>(offset_), n, buffer.begin());
    offset_ += n;
    if (offset_ == chunk.size()) {
      chunks_.pop_front();
      offset_ = 0;
    }
    co_return n;
  }

  void send(std::vector<std::uint8_t> bytes) override { sent_.push_back(std::move(bytes)); }

  boost::asio::awaitable<void> close() override {
    closed_ = true;
    more_.cancel();
    co_return;
  }

  std::string describe() const override { return "fake stream"; }

  // Every send() so far, one entry per call.
  const std::vector<Bytes>& sent() const { return sent_; }
  void clear_sent() { sent_.clear(); }
  bool closed() const { return closed_; }

 private:
  boost::asio::io_context& io_;
  boost::asio::steady_timer more_;
  bool hold_open_ = false;
  std::deque<Bytes> chunks_;
  std::size_t offset_ = 0;
  std::size_t max_read_ = SIZE_MAX;
  std::vector<Bytes> sent_;
  bool closed_ = false;
};

// Runs `io` until `work` completes and returns its result (or rethrows its exception); other
// coroutines on `io` (a session's message loop) may stay suspended.
template <typename T>
T run_sync(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
  auto done = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
  io.restart();
  while (done.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (io.run_one() == 0) break;
  }
  return done.get();
}

}  // namespace mks::testing
