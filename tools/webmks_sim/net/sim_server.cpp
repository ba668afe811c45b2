#include "tools/webmks_sim/net/sim_server.h"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>

#include "agent/transport/thumbprint.h"
#include "tools/webmks_sim/net/self_signed_cert.h"
#include "tools/webmks_sim/net/server_core.h"
#include "tools/webmks_sim/net/sim_connection.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using transport::Thumbprint;

std::shared_ptr<ssl::context> make_server_context(const SelfSignedCert& cert) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::single_dh_use);
  if (SSL_CTX_use_certificate(context->native_handle(), cert.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(context->native_handle(), cert.key.get()) != 1) {
    throw std::runtime_error("webmks-sim: OpenSSL refused the generated certificate");
  }
  return context;
}

// Runs until the acceptor is closed; each connection gets its own coroutine.
asio::awaitable<void> accept_loop(std::shared_ptr<ServerCore> core,
                                  std::shared_ptr<tcp::acceptor> acceptor) {
  while (acceptor->is_open()) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor->is_open()) break;
    if (ec) continue;  // e.g. out of file descriptors for a moment
    asio::co_spawn(acceptor->get_executor(), serve_connection(core, std::move(socket)),
                   asio::detached);
  }
}

}  // namespace

struct SimServer::Impl {
  asio::io_context& io;
  std::shared_ptr<ServerCore> core = std::make_shared<ServerCore>();
  std::shared_ptr<tcp::acceptor> acceptor;
  std::string sha1;
  std::string sha256;

  explicit Impl(asio::io_context& context) : io(context) {}
};

SimServer::SimServer(asio::io_context& io, ServerOptions options, SessionHandler on_session,
                     ApiHandler on_api, EventSink on_event)
    : SimServer(io, std::move(options), std::move(on_session),
                on_api ? ApiCallHandler([on_api = std::move(on_api)](const HttpCall& call) {
                  return on_api(call.method, call.target);
                })
                       : ApiCallHandler(),
                std::move(on_event)) {}

SimServer::SimServer(asio::io_context& io, ServerOptions options, SessionHandler on_session,
                     ApiCallHandler on_api, EventSink on_event)
    : impl_(std::make_unique<Impl>(io)) {
  impl_->core->options = std::move(options);
  impl_->core->on_session = std::move(on_session);
  impl_->core->on_api = std::move(on_api);
  impl_->core->on_event = std::move(on_event);
}

SimServer::~SimServer() {
  if (impl_->acceptor) {
    boost::system::error_code ignored;
    impl_->acceptor->close(ignored);
  }
}

void SimServer::start() {
  auto& core = *impl_->core;
  if (core.options.tls) {
    const SelfSignedCert cert = make_self_signed_cert(core.options.bind_address);
    core.tls = make_server_context(cert);
    impl_->sha1 = Thumbprint::of_certificate(cert.der, Thumbprint::Algorithm::kSha1).to_string();
    impl_->sha256 =
        Thumbprint::of_certificate(cert.der, Thumbprint::Algorithm::kSha256).to_string();
  }
  const tcp::endpoint endpoint(asio::ip::make_address(core.options.bind_address),
                               core.options.port);
  auto acceptor = std::make_shared<tcp::acceptor>(impl_->io);
  acceptor->open(endpoint.protocol());
  acceptor->set_option(tcp::acceptor::reuse_address(true));
  acceptor->bind(endpoint);
  acceptor->listen();
  core.port = acceptor->local_endpoint().port();
  impl_->acceptor = acceptor;
  asio::co_spawn(impl_->io, accept_loop(impl_->core, acceptor), asio::detached);
}

std::uint16_t SimServer::port() const {
  return impl_->core->port;
}
std::string SimServer::thumbprint_sha1() const {
  return impl_->sha1;
}
std::string SimServer::thumbprint_sha256() const {
  return impl_->sha256;
}
std::string SimServer::issue_ticket(std::string_view key) {
  return impl_->core->tickets.issue(key);
}
void SimServer::add_ticket(const std::string& token) {
  impl_->core->tickets.add(token);
}

std::string SimServer::ticket_url(const std::string& token) const {
  return impl_->core->ticket_url(token);
}

std::string SimServer::console_url(const std::string& key) const {
  return impl_->core->console_url(key);
}

std::string SimServer::api_url() const {
  return impl_->core->api_url();
}

}  // namespace mks::sim
