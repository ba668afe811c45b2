// webmks-sim's network side, fed what a client sends over TCP: the HTTP request (upgrade at
// /ticket/TOKEN or /console/KEY, or the /api/ endpoints), then WebSocket frames, which the
// session reads as a byte stream. The simulator listens on the network, so a hostile client
// must not crash it.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "agent/errors.h"
#include "tests/fuzz/fuzz_target.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// The session side: read the console byte stream to its end, answering each read.
asio::awaitable<void> read_console(std::unique_ptr<mks::transport::ByteStream> stream,
                                   mks::sim::ConnectionInfo) {
  std::array<std::uint8_t, 4096> buffer{};
  try {
    while (true) {
      const std::size_t n = co_await stream->read_some(buffer);
      stream->send(std::vector<std::uint8_t>(buffer.begin(), buffer.begin() + n));
    }
  } catch (const mks::AgentError& e) {
    mks::fuzz::expected_error(e);
  }
}

// The client side: send the input, then read replies until the server closes or goes quiet.
asio::awaitable<void> send_input(std::uint16_t port, std::string input) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(input),
                             asio::redirect_error(asio::use_awaitable, ec));
  socket.shutdown(tcp::socket::shutdown_send, ec);
  asio::steady_timer quiet(executor, std::chrono::milliseconds(200));
  quiet.async_wait([&socket](boost::system::error_code) {
    boost::system::error_code ignored;
    socket.close(ignored);
  });
  std::array<char, 4096> sink;
  while (!ec) {
    co_await socket.async_read_some(asio::buffer(sink),
                                    asio::redirect_error(asio::use_awaitable, ec));
  }
  quiet.cancel();
}

}  // namespace

MKS_FUZZ_TARGET(sim_websocket_server) {
  asio::io_context io;
  mks::sim::ServerOptions options;
  options.tls = false;
  options.accept_foreign_tickets = true;
  options.console_paths = true;
  mks::sim::SimServer server(
      io, options, read_console,
      [](const std::string&, const std::string&) -> std::optional<mks::sim::HttpReply> {
        return mks::sim::HttpReply{200, "application/json", "{}"};
      },
      [](const nlohmann::json&) {});
  server.start();
  bool done = false;
  asio::co_spawn(io,
                 send_input(server.port(), std::string(reinterpret_cast<const char*>(data), size)),
                 [&done](std::exception_ptr error) {
                   done = true;
                   if (error) std::rethrow_exception(error);
                 });
  while (!done && io.run_one() > 0) {
  }
  return 0;
}
