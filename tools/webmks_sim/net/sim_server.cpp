#include "tools/webmks_sim/net/sim_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <stdexcept>

#include "agent/transport/thumbprint.h"
#include "tools/webmks_sim/net/listener.h"
#include "tools/webmks_sim/net/self_signed_cert.h"
#include "tools/webmks_sim/net/server_core.h"
#include "tools/webmks_sim/net/sim_connection.h"

namespace mks::sim {

namespace asio = boost::asio;
using asio::ip::tcp;
using transport::Thumbprint;

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
    core.tls = server_tls_context(cert);
    impl_->sha1 = Thumbprint::of_certificate(cert.der, Thumbprint::Algorithm::kSha1).to_string();
    impl_->sha256 =
        Thumbprint::of_certificate(cert.der, Thumbprint::Algorithm::kSha256).to_string();
  }
  auto shared_core = impl_->core;
  impl_->acceptor = listen_on(impl_->io, core.options.bind_address, core.options.port,
                              [shared_core](tcp::socket socket) {
                                return serve_connection(shared_core, std::move(socket));
                              });
  core.port = impl_->acceptor->local_endpoint().port();
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
