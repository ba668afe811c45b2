#pragma once

// Helpers for the transport and simulator tests: run a coroutine on a test io_context,
// echo sessions, exact reads, and outcome capture for connect().
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <exception>
#include <string>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/connect.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::testing {

namespace asio = boost::asio;

// Runs `task` on `io` (together with whatever else is queued there, e.g. a SimServer) until
// it finishes; rethrows what it threw.
inline void run_on(asio::io_context& io, asio::awaitable<void> task,
                   std::chrono::seconds limit = std::chrono::seconds(30)) {
  bool done = false;
  std::exception_ptr failure;
  io.restart();
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr error) {
    failure = error;
    done = true;
    io.stop();
  });
  io.run_for(limit);
  ASSERT_TRUE(done) << "the test coroutine did not finish within " << limit.count() << " s";
  if (failure) std::rethrow_exception(failure);
}

inline asio::awaitable<std::vector<std::uint8_t>> read_exactly(transport::ByteStream& stream,
                                                               std::size_t size) {
  std::vector<std::uint8_t> out(size);
  std::size_t done = 0;
  while (done < size) {
    done += co_await stream.read_some(std::span(out).subspan(done));
  }
  co_return out;
}

// Sends back every byte it reads until the peer goes away.
inline asio::awaitable<void> echo_session(std::unique_ptr<transport::ByteStream> stream,
                                          sim::ConnectionInfo /*info*/) {
  std::vector<std::uint8_t> buffer(100000);
  try {
    while (true) {
      const std::size_t n = co_await stream->read_some(buffer);
      stream->send({buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n)});
    }
  } catch (const TransportError&) {
  }
}

// What connect() threw, as "Kind: message", or "ok" (the stream is closed again).
inline asio::awaitable<std::string> connect_outcome(const std::string& url,
                                                    transport::ConnectOptions options = {}) {
  try {
    auto stream = co_await transport::connect(transport::Url::parse(url), options);
    co_await stream->close();
    co_return "ok";
  } catch (const TicketError& error) {
    co_return std::string("TicketError: ") + error.what();
  } catch (const TlsError& error) {
    co_return std::string("TlsError: ") + error.what();
  } catch (const TimeoutError& error) {
    co_return std::string("TimeoutError: ") + error.what();
  } catch (const TransportError& error) {
    co_return std::string("TransportError: ") + error.what();
  } catch (const ProtocolError& error) {
    co_return std::string("ProtocolError: ") + error.what();
  }
}

// One raw HTTP/1.1 exchange over plain TCP: sends `request`, returns what the server sent
// until it closed (or, with `headers_only`, up to the end of the response headers).
inline asio::awaitable<std::string> raw_http(std::uint16_t port, std::string request,
                                             bool headers_only = false) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect({asio::ip::make_address("127.0.0.1"), port}, asio::use_awaitable);
  co_await asio::async_write(socket, asio::buffer(request), asio::use_awaitable);
  std::string response;
  boost::system::error_code ec;
  if (headers_only) {
    co_await asio::async_read_until(socket, asio::dynamic_buffer(response), "\r\n\r\n",
                                    asio::redirect_error(asio::use_awaitable, ec));
  } else {
    co_await asio::async_read(socket, asio::dynamic_buffer(response),
                              asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return response;
}

inline std::string upgrade_request(const std::string& target, const std::string& protocols) {
  return "GET " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
         "Sec-WebSocket-Protocol: " +
         protocols + "\r\n\r\n";
}

}  // namespace mks::testing
