#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <vector>

#include "tools/fault_proxy/connection.h"
#include "tools/fault_proxy/server_pump.h"

namespace mks::fault_proxy {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kChunk = 16384;

// Chunks read from the server, each with the moment it may reach the client. The reader
// appends and wakes the writer; the writer sends each chunk when its moment comes.
struct DelayLine {
  struct Chunk {
    Clock::time_point due;
    std::vector<std::uint8_t> bytes;
  };
  explicit DelayLine(asio::any_io_executor executor) : wake(executor) {}
  std::deque<Chunk> chunks;
  asio::steady_timer wake;
  bool server_done = false;
  bool client_gone = false;
};

asio::awaitable<void> deliver(std::shared_ptr<Connection> connection,
                              std::shared_ptr<DelayLine> line) {
  boost::system::error_code ignored;
  for (;;) {
    if (line->chunks.empty()) {
      if (line->server_done) break;
      line->wake.expires_at(Clock::time_point::max());
    } else if (Clock::now() < line->chunks.front().due) {
      line->wake.expires_at(line->chunks.front().due);
    } else {
      const auto chunk = std::move(line->chunks.front());
      line->chunks.pop_front();
      const bool written = co_await connection->write_client(chunk.bytes);
      if (!written) {
        line->client_gone = true;
        co_return;
      }
      continue;
    }
    co_await line->wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  connection->end_client();
}

}  // namespace

asio::awaitable<void> forward_with_latency(std::shared_ptr<Connection> connection) {
  auto line = std::make_shared<DelayLine>(co_await asio::this_coro::executor);
  connection->report(describe(connection->fault()));
  asio::co_spawn(line->wake.get_executor(), deliver(connection, line),
                 [line](std::exception_ptr) {});
  std::vector<std::uint8_t> buffer(kChunk);
  while (!line->client_gone) {
    const std::size_t n = co_await connection->read_server(buffer);
    if (n == 0) break;
    line->chunks.push_back({Clock::now() + connection->fault().delay,
                            std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n)});
    line->wake.cancel();
  }
  line->server_done = true;
  line->wake.cancel();
}

}  // namespace mks::fault_proxy
