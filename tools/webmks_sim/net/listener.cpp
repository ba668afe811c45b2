#include "tools/webmks_sim/net/listener.h"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

namespace mks::sim {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

asio::awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> acceptor,
                                  ConnectionHandler serve) {
  while (acceptor->is_open()) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) break;
    if (ec) continue;  // e.g. out of file descriptors for a moment
    asio::co_spawn(acceptor->get_executor(), serve(std::move(socket)), asio::detached);
  }
}

}  // namespace

std::shared_ptr<ssl::context> server_tls_context(const SelfSignedCert& cert) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  if (SSL_CTX_use_certificate(context->native_handle(), cert.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(context->native_handle(), cert.key.get()) != 1) {
    throw std::runtime_error("webmks-sim: OpenSSL refused the generated certificate");
  }
  return context;
}

std::shared_ptr<tcp::acceptor> listen_on(asio::io_context& io, const std::string& address,
                                         std::uint16_t port, ConnectionHandler serve) {
  const tcp::endpoint endpoint(asio::ip::make_address(address), port);
  auto acceptor = std::make_shared<tcp::acceptor>(io);
  acceptor->open(endpoint.protocol());
  acceptor->set_option(tcp::acceptor::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen();
  asio::co_spawn(io, accept_loop(acceptor, std::move(serve)), asio::detached);
  return acceptor;
}

}  // namespace mks::sim
