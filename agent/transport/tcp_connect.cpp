#include "agent/transport/tcp_connect.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "agent/errors.h"

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

asio::awaitable<tcp::resolver::results_type> resolve(const TcpTarget& target) {
  auto resolver = std::make_shared<tcp::resolver>(co_await asio::this_coro::executor);
  // Asio's resolver has no timeout of its own: a watchdog cancels it at the deadline.
  auto watchdog = std::make_shared<asio::steady_timer>(resolver->get_executor(), target.deadline);
  watchdog->async_wait([resolver](const error_code& ec) {
    if (!ec) resolver->cancel();
  });
  error_code ec;
  auto results = co_await resolver->async_resolve(target.host, std::to_string(target.port),
                                                  asio::redirect_error(asio::use_awaitable, ec));
  watchdog->cancel();
  if (ec == asio::error::operation_aborted) ec = asio::error::timed_out;
  if (ec) throw_network_error(ec, target, "name lookup");
  co_return results;
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
  const auto endpoints = co_await resolve(target);
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_at(target.deadline);
  error_code ec;
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw_network_error(ec, target, "TCP connection");
  stream.socket().set_option(tcp::no_delay(true), ec);
  co_return stream;
}

}  // namespace mks::transport
