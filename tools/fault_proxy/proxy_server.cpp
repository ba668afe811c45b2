#include "tools/fault_proxy/proxy_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace mks::fault_proxy {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

}  // namespace

ProxyServer::ProxyServer(asio::io_context& io, int port, tcp::endpoint upstream, FaultOptions fault,
                         EventSink events)
    : acceptor_(io,
                tcp::endpoint(asio::ip::address_v4::loopback(), static_cast<unsigned short>(port))),
      upstream_(upstream),
      fault_(fault),
      events_(std::move(events)) {}

int ProxyServer::port() const {
  return acceptor_.local_endpoint().port();
}

void ProxyServer::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
}

asio::awaitable<void> ProxyServer::accept_loop() {
  for (int number = 1;; ++number) {
    error_code ec;
    tcp::socket client =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) continue;
    asio::co_spawn(acceptor_.get_executor(), open(std::move(client), number), asio::detached);
  }
}

asio::awaitable<void> ProxyServer::open(tcp::socket client, int number) {
  tcp::socket server(acceptor_.get_executor());
  error_code ec;
  co_await server.async_connect(upstream_, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    events_({{"event", "upstream_refused"}, {"connection", number}, {"error", ec.message()}});
    co_return;  // the client's socket closes with this frame
  }
  FaultOptions fault = fault_;
  if (fault_.first > 0 && number > fault_.first) fault.kind = FaultKind::kNone;
  auto connection =
      std::make_shared<Connection>(std::move(client), std::move(server), number, fault, events_);
  connection->start();
}

}  // namespace mks::fault_proxy
