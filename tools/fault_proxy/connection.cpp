#include "tools/fault_proxy/connection.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <vector>

#include "tools/fault_proxy/server_pump.h"

namespace mks::fault_proxy {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::size_t kChunk = 16384;

}  // namespace

Connection::Connection(tcp::socket client, tcp::socket server, int number, FaultOptions fault,
                       EventSink events)
    : client_(std::move(client)),
      server_(std::move(server)),
      number_(number),
      fault_(fault),
      events_(std::move(events)) {
  error_code ignored;
  client_.set_option(tcp::no_delay(true), ignored);
  server_.set_option(tcp::no_delay(true), ignored);
}

Connection::~Connection() {
  events_({{"event", "closed"},
           {"connection", number_},
           {"from_server", from_server_},
           {"to_client", to_client_},
           {"from_client", from_client_}});
}

void Connection::start() {
  events_({{"event", "connection"}, {"connection", number_}, {"fault", name_of(fault_.kind)}});
  auto self = shared_from_this();
  asio::co_spawn(client_.get_executor(), forward_client_to_server(), [self](std::exception_ptr) {});
  asio::co_spawn(client_.get_executor(), forward_server_to_client(self),
                 [self](std::exception_ptr) {});
}

asio::awaitable<void> Connection::forward_client_to_server() {
  std::vector<std::uint8_t> buffer(kChunk);
  error_code ec;
  for (;;) {
    const std::size_t n = co_await client_.async_read_some(
        asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    from_client_ += n;
    co_await asio::async_write(server_, asio::buffer(buffer.data(), n),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
  }
  error_code ignored;
  if (ec == asio::error::eof) {
    server_.shutdown(tcp::socket::shutdown_send, ignored);
  } else {
    close_both();
  }
}

asio::awaitable<std::size_t> Connection::read_server(std::span<std::uint8_t> buffer) {
  if (!server_.is_open()) co_return 0;
  error_code ec;
  const std::size_t n = co_await server_.async_read_some(
      asio::buffer(buffer.data(), buffer.size()), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return 0;
  from_server_ += n;
  co_return n;
}

asio::awaitable<bool> Connection::write_client(std::span<const std::uint8_t> bytes) {
  if (!client_.is_open()) co_return false;
  error_code ec;
  co_await asio::async_write(client_, asio::buffer(bytes.data(), bytes.size()),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    close_both();
    co_return false;
  }
  to_client_ += bytes.size();
  co_return true;
}

void Connection::end_client() {
  error_code ignored;
  if (client_.is_open()) client_.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Connection::discard_server() {
  std::vector<std::uint8_t> buffer(kChunk);
  for (;;) {
    const std::size_t n = co_await read_server(buffer);  // named: GCC 12 and co_await in conditions
    if (n == 0) break;
  }
}

void Connection::reset_both() {
  error_code ignored;
  client_.set_option(asio::socket_base::linger(true, 0), ignored);
  client_.close(ignored);
  server_.set_option(asio::socket_base::linger(true, 0), ignored);
  server_.close(ignored);
}

void Connection::close_both() {
  error_code ignored;
  client_.close(ignored);
  server_.close(ignored);
}

void Connection::report(const std::string& what) {
  events_({{"event", "fault"}, {"connection", number_}, {"what", what}});
}

}  // namespace mks::fault_proxy
