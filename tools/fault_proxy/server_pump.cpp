#include "tools/fault_proxy/server_pump.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <span>
#include <vector>

#include "tools/fault_proxy/connection.h"
#include "tools/fault_proxy/websocket_rewriter.h"

namespace mks::fault_proxy {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using Buffer = std::vector<std::uint8_t>;

constexpr std::size_t kChunk = 16384;
// GCC 12 miscompiles a co_await inside a loop or if condition, so every
// awaited result is a named local tested after.

asio::awaitable<void> sleep_until(Clock::time_point when) {
  asio::steady_timer timer(co_await asio::this_coro::executor, when);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<void> forward_unchanged(Connection& c) {
  Buffer buffer(kChunk);
  for (;;) {
    const std::size_t n = co_await c.read_server(buffer);
    if (n == 0) break;
    const std::span chunk(buffer.data(), n);  // named: no braced temporary in co_await
    const bool written = co_await c.write_client(chunk);
    if (!written) co_return;
  }
  c.end_client();
}

// Writes are paced so that the bytes sent by any moment never exceed rate × time since the
// first byte.
asio::awaitable<void> forward_capped(Connection& c) {
  const std::uint64_t rate = std::max<std::uint64_t>(1, c.fault().rate);
  Buffer buffer(std::clamp<std::size_t>(rate / 20, 1, kChunk));  // 50 ms of bytes per write
  std::optional<Clock::time_point> start;
  std::uint64_t sent = 0;
  c.report(describe(c.fault()));
  for (;;) {
    const std::size_t n = co_await c.read_server(buffer);
    if (n == 0) break;
    if (!start) start = Clock::now();
    const auto due = *start + std::chrono::microseconds(sent * 1'000'000 / rate);
    co_await sleep_until(due);
    const std::span chunk(buffer.data(), n);
    const bool written = co_await c.write_client(chunk);
    if (!written) co_return;
    sent += n;
  }
  c.end_client();
}

asio::awaitable<void> forward_one_byte_at_a_time(Connection& c) {
  Buffer buffer(kChunk);
  c.report(describe(c.fault()));
  for (;;) {
    const std::size_t n = co_await c.read_server(buffer);
    if (n == 0) break;
    for (std::size_t i = 0; i < n; ++i) {
      const std::span byte(buffer.data() + i, 1);
      const bool written = co_await c.write_client(byte);
      if (!written) co_return;
      const auto next = Clock::now() + c.fault().delay;
      if (c.fault().delay.count() > 0) co_await sleep_until(next);
    }
  }
  c.end_client();
}

// Stall, reset and cut: the server's bytes go through until after_bytes have and after_time
// has passed since the connection opened, then the fault.
asio::awaitable<void> forward_until_fault(Connection& c) {
  Buffer buffer(kChunk);
  const std::uint64_t limit = c.fault().after_bytes;
  std::uint64_t sent = 0;
  bool due = false;
  while (!due) {
    const std::size_t n = co_await c.read_server(buffer);
    if (n == 0) {  // the server ended first
      c.end_client();
      co_return;
    }
    const bool time_up = Clock::now() - c.started() >= c.fault().after_time;
    std::size_t head = n;
    if (time_up && sent + n >= limit)
      head = static_cast<std::size_t>(limit > sent ? limit - sent : 0);
    const std::span chunk(buffer.data(), head);
    const bool written = co_await c.write_client(chunk);
    if (!written) co_return;
    sent += head;
    due = time_up && sent >= limit;
  }
  c.report(describe(c.fault()));
  switch (c.fault().kind) {
    case FaultKind::kReset:
      c.reset_both();
      break;
    case FaultKind::kCut:
      c.close_both();
      break;
    default:
      co_await c.discard_server();  // the client hears nothing more, its socket stays open
  }
}

asio::awaitable<void> forward_rewritten(Connection& c) {
  WebSocketRewriter rewriter(c.fault());
  Buffer buffer(kChunk);
  for (;;) {
    const std::size_t n = co_await c.read_server(buffer);
    if (n == 0) break;
    const std::span chunk(buffer.data(), n);
    const auto out = rewriter.feed(chunk);
    if (!out.event.empty()) c.report(out.event);
    if (!out.bytes.empty()) {
      const bool written = co_await c.write_client(out.bytes);
      if (!written) co_return;
    }
    if (out.stall) {
      co_await c.discard_server();
      co_return;
    }
  }
  c.end_client();
}

}  // namespace

asio::awaitable<void> forward_server_to_client(std::shared_ptr<Connection> connection) {
  Connection& c = *connection;
  switch (c.fault().kind) {
    case FaultKind::kNone:
      co_await forward_unchanged(c);
      break;
    case FaultKind::kLatency:
      co_await forward_with_latency(connection);
      break;
    case FaultKind::kBandwidth:
      co_await forward_capped(c);
      break;
    case FaultKind::kOneByte:
      co_await forward_one_byte_at_a_time(c);
      break;
    case FaultKind::kStall:
    case FaultKind::kReset:
    case FaultKind::kCut:
      co_await forward_until_fault(c);
      break;
    case FaultKind::kFragment:
    case FaultKind::kPingFlood:
    case FaultKind::kOversizedFrame:
    case FaultKind::kGarbage:
      co_await forward_rewritten(c);
      break;
  }
}

}  // namespace mks::fault_proxy
