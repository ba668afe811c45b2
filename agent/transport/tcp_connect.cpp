#include "agent/transport/tcp_connect.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>

#include "agent/errors.h"
#include "agent/transport/name_lookup.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using tcp = asio::ip::tcp;

std::string seconds(std::chrono::milliseconds duration) {
  const auto tenths = duration.count() / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " s";
}

}  // namespace

void throw_network_error(const error_code& ec, const TcpTarget& target, std::string_view stage) {
  if (ec == beast::error::timeout || ec == asio::error::timed_out ||
      std::chrono::steady_clock::now() >= target.deadline) {
    throw TimeoutError("timed out connecting to " + target.description + " (no " +
                       std::string(stage) + " within " + seconds(target.timeout) + ")");
  }
  if (ec == asio::error::connection_refused) {
    throw TransportError("cannot connect to " + target.description +
                         ": connection refused (is the host and port right?)");
  }
  throw TransportError("cannot connect to " + target.description + " (" + std::string(stage) +
                       ": " + ec.message() + ")");
}

asio::awaitable<beast::tcp_stream> connect_tcp(const TcpTarget& target) {
  const auto executor = co_await asio::this_coro::executor;
  error_code ec;
  const auto endpoints = co_await look_up(executor, target.host, target.port, target.deadline, ec);
  if (ec) throw_network_error(ec, target, "name lookup");
  beast::tcp_stream stream(executor);
  stream.expires_at(target.deadline);
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw_network_error(ec, target, "TCP connection");
  stream.socket().set_option(tcp::no_delay(true), ec);
  co_return stream;
}

}  // namespace mks::transport
