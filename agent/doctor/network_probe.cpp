#include "agent/doctor/network_probe.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "agent/errors.h"
#include "agent/transport/tls_client.h"

namespace mks::doctor {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using tcp = asio::ip::tcp;

std::string seconds(std::chrono::milliseconds timeout) {
  return std::to_string(timeout.count() / 1000.0).substr(0, 4) + " s";
}

std::string address_of(const tcp::endpoint& endpoint) {
  const std::string address = endpoint.address().to_string();
  return (endpoint.address().is_v6() ? "[" + address + "]" : address) + ":" +
         std::to_string(endpoint.port());
}

// Connected, or the error naming the stage and the address.
asio::awaitable<beast::tcp_stream> connect_stream(const Endpoints& endpoints,
                                                  std::chrono::milliseconds timeout) {
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeout);
  error_code ec;
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  const std::string where = endpoints.empty() ? "nowhere" : address_of(endpoints.front());
  if (ec == beast::error::timeout || ec == asio::error::timed_out) {
    throw TimeoutError("no TCP connection to " + where + " within " + seconds(timeout) +
                       " (packets dropped?)");
  }
  if (ec == asio::error::connection_refused) {
    throw TransportError("connection to " + where + " refused");
  }
  if (ec) throw TransportError("cannot connect to " + where + " (" + ec.message() + ")");
  co_return stream;
}

}  // namespace

asio::awaitable<Endpoints> resolve_host(std::string host, std::uint16_t port,
                                        std::chrono::milliseconds timeout) {
  auto resolver = std::make_shared<tcp::resolver>(co_await asio::this_coro::executor);
  // Asio's resolver has no timeout of its own: a watchdog cancels it.
  auto watchdog = std::make_shared<asio::steady_timer>(resolver->get_executor(), timeout);
  watchdog->async_wait([resolver](const error_code& ec) {
    if (!ec) resolver->cancel();
  });
  error_code ec;
  const auto results = co_await resolver->async_resolve(
      host, std::to_string(port), asio::redirect_error(asio::use_awaitable, ec));
  watchdog->cancel();
  if (ec == asio::error::operation_aborted) {
    throw TimeoutError("no answer for " + host + " within " + seconds(timeout));
  }
  if (ec) throw TransportError(host + " does not resolve from here (" + ec.message() + ")");
  Endpoints out;
  for (const auto& entry : results) out.push_back(entry.endpoint());
  co_return out;
}

asio::awaitable<tcp::endpoint> tcp_check(Endpoints endpoints, std::chrono::milliseconds timeout) {
  beast::tcp_stream stream = co_await connect_stream(endpoints, timeout);
  const tcp::endpoint peer = stream.socket().remote_endpoint();
  error_code ignored;
  stream.socket().close(ignored);
  co_return peer;
}

asio::awaitable<TlsSeen> tls_check(Endpoints endpoints, std::string host, transport::TlsOptions tls,
                                   std::chrono::milliseconds timeout) {
  auto context = transport::make_client_context(tls);
  beast::ssl_stream<beast::tcp_stream> stream(co_await connect_stream(endpoints, timeout),
                                              *context);
  auto report = std::make_shared<transport::TlsVerifyReport>();
  transport::prepare_client_stream(stream, host, tls, report);
  error_code ec;
  co_await stream.async_handshake(asio::ssl::stream_base::client,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec == beast::error::timeout) {
    throw TimeoutError("no TLS handshake with " + host + " within " + seconds(timeout));
  }
  if (ec) transport::throw_handshake_error(ec, host, *report);
  transport::check_pinned_certificate(stream, tls);
  X509* cert = SSL_get0_peer_certificate(stream.native_handle());
  if (cert == nullptr) throw TlsError("TLS: " + host + " presented no certificate");
  const auto der = transport::certificate_der(cert);
  TlsSeen seen{
      transport::Thumbprint::of_certificate(der, transport::Thumbprint::Algorithm::kSha256),
      transport::Thumbprint::of_certificate(der, transport::Thumbprint::Algorithm::kSha1)};
  beast::get_lowest_layer(stream).socket().close(ec);
  co_return seen;
}

std::string describe(const Endpoints& endpoints) {
  std::string out;
  for (std::size_t i = 0; i < endpoints.size() && i < 3; ++i) {
    out += (out.empty() ? "" : ", ") + endpoints[i].address().to_string();
  }
  if (endpoints.size() > 3) out += ", …";
  return out;
}

}  // namespace mks::doctor
