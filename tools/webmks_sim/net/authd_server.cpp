#include "tools/webmks_sim/net/authd_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <stdexcept>

#include "agent/transport/thumbprint.h"
#include "tools/webmks_sim/net/authd_dialogue.h"
#include "tools/webmks_sim/net/listener.h"
#include "tools/webmks_sim/net/self_signed_cert.h"

namespace mks::sim {

namespace asio = boost::asio;
using asio::ip::tcp;
using transport::Thumbprint;

AuthdFault parse_authd_fault(std::string_view name) {
  if (name == "none") return AuthdFault::kNone;
  if (name == "refuse-login") return AuthdFault::kRefuseLogin;
  if (name == "expire-first-ticket") return AuthdFault::kExpireFirstTicket;
  if (name == "no-such-vm") return AuthdFault::kNoSuchVm;
  if (name == "busy") return AuthdFault::kBusy;
  if (name == "redirect") return AuthdFault::kRedirect;
  if (name == "wrong-thumbprint") return AuthdFault::kWrongThumbprint;
  if (name == "no-tls") return AuthdFault::kNoTls;
  if (name == "not-authd") return AuthdFault::kNotAuthd;
  throw std::invalid_argument(
      "unknown authd fault '" + std::string(name) +
      "' (none, refuse-login, expire-first-ticket, no-such-vm, busy, redirect, "
      "wrong-thumbprint, no-tls, not-authd)");
}

struct AuthdServer::Impl {
  asio::io_context& io;
  std::shared_ptr<AuthdShared> shared = std::make_shared<AuthdShared>();
  std::shared_ptr<tcp::acceptor> acceptor;
  std::string sha1;

  explicit Impl(asio::io_context& context) : io(context) {}
};

AuthdServer::AuthdServer(asio::io_context& io, AuthdOptions options, SessionHandler on_session,
                         EventSink on_event)
    : impl_(std::make_unique<Impl>(io)) {
  if (options.fault == AuthdFault::kRedirect && options.redirect_to.empty()) {
    throw std::invalid_argument("the redirect fault needs a daemon to redirect to");
  }
  impl_->shared->options = std::move(options);
  impl_->shared->on_session = std::move(on_session);
  impl_->shared->on_event = std::move(on_event);
}

AuthdServer::~AuthdServer() {
  if (impl_->acceptor) {
    boost::system::error_code ignored;
    impl_->acceptor->close(ignored);
  }
}

void AuthdServer::start() {
  AuthdShared& shared = *impl_->shared;
  const SelfSignedCert daemon = make_self_signed_cert(shared.options.bind_address);
  const SelfSignedCert vmx = make_self_signed_cert(shared.options.bind_address);
  const SelfSignedCert other = make_self_signed_cert(shared.options.bind_address);
  shared.daemon_tls = server_tls_context(daemon);
  shared.vmx_tls = server_tls_context(vmx);
  // The wrong-thumbprint fault announces a certificate the second session never presents.
  const auto& announced = shared.options.fault == AuthdFault::kWrongThumbprint ? other : vmx;
  shared.vmx_sha1 =
      Thumbprint::of_certificate(announced.der, Thumbprint::Algorithm::kSha1).to_string();
  impl_->sha1 = Thumbprint::of_certificate(daemon.der, Thumbprint::Algorithm::kSha1).to_string();

  auto all = impl_->shared;
  impl_->acceptor =
      listen_on(impl_->io, shared.options.bind_address, shared.options.port,
                [all](tcp::socket socket) { return serve_authd(all, std::move(socket)); });
  shared.port = impl_->acceptor->local_endpoint().port();
}

std::uint16_t AuthdServer::port() const {
  return impl_->shared->port;
}

std::string AuthdServer::thumbprint_sha1() const {
  return impl_->sha1;
}

std::string AuthdServer::issue_ticket(std::string_view key) {
  return impl_->shared->tickets.issue(key);
}

}  // namespace mks::sim
