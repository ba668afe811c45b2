#include "agent/transport/tls_client.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/verify_context.hpp>

#include "agent/errors.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

bool is_ip_address(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

std::vector<std::uint8_t> certificate_der(X509* cert) {
  const int size = i2d_X509(cert, nullptr);
  if (size <= 0) return {};
  std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  i2d_X509(cert, &out);
  return der;
}

std::shared_ptr<ssl::context> make_client_context(const TlsOptions& options) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3);
  if (!options.insecure && !options.thumbprint) context->set_default_verify_paths();
  return context;
}

void prepare_client_stream(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                           const std::string& host, const TlsOptions& options,
                           const std::shared_ptr<TlsVerifyReport>& report) {
  // RFC 6066 forbids IP literals as SNI names.
  if (!is_ip_address(host)) SSL_set_tlsext_host_name(stream.native_handle(), host.c_str());
  if (options.insecure || options.thumbprint) {
    // A pin is checked after the handshake, before any byte of the ticket is sent.
    stream.set_verify_mode(ssl::verify_none);
    return;
  }
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback([report, host, check_name = ssl::host_name_verification(host)](
                                 bool preverified, ssl::verify_context& context) mutable {
    X509_STORE_CTX* store = context.native_handle();
    if (!report->leaf_sha256) {
      if (X509* leaf = X509_STORE_CTX_get0_cert(store)) {
        report->leaf_sha256 =
            Thumbprint::of_certificate(certificate_der(leaf), Thumbprint::Algorithm::kSha256);
      }
    }
    if (!preverified) {
      if (report->failure.empty()) {
        report->failure = X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
      }
      return false;
    }
    const bool name_ok = check_name(preverified, context);
    if (!name_ok && report->failure.empty()) {
      report->failure = "it is not issued for " + host;
    }
    return name_ok;
  });
}

void check_pinned_certificate(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                              const TlsOptions& options) {
  if (options.insecure || !options.thumbprint) return;
  X509* cert = SSL_get0_peer_certificate(stream.native_handle());
  if (cert == nullptr) throw TlsError("TLS: the server presented no certificate");
  const Thumbprint actual =
      Thumbprint::of_certificate(certificate_der(cert), options.thumbprint->algorithm);
  if (actual != *options.thumbprint) {
    throw TlsError("TLS: certificate thumbprint " + actual.to_string() +
                   " does not match the pinned " + options.thumbprint->to_string());
  }
}

void throw_handshake_error(const boost::system::error_code& ec, const std::string& host,
                           const TlsVerifyReport& report) {
  if (report.failure.empty()) {
    throw TransportError("TLS handshake with " + host + " failed (" + ec.message() + ")");
  }
  const std::string pin = report.leaf_sha256 ? report.leaf_sha256->to_string() : "<SHA-256>";
  throw TlsError("TLS: certificate for " + host + " is not trusted (" + report.failure +
                 "); pin it with --thumbprint " + pin + " or use --insecure");
}

}  // namespace mks::transport
