#pragma once

// Internal to mks_transport: client-side certificate checks (default trust store and host
// name, a pinned thumbprint, or --insecure) and the one-line errors they produce.
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <string>
#include <vector>

#include "agent/transport/connect.h"

namespace mks::transport {

// What the certificate check saw, for the error message after a failed handshake.
struct TlsVerifyReport {
  std::string failure;                    // first problem, e.g. "self-signed certificate"
  std::optional<Thumbprint> leaf_sha256;  // of the presented certificate
};

std::shared_ptr<boost::asio::ssl::context> make_client_context(const TlsOptions& options);

// SNI and the verification callback; call before the handshake.
void prepare_client_stream(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                           const std::string& host, const TlsOptions& options,
                           const std::shared_ptr<TlsVerifyReport>& report);

// After the handshake: throws TlsError when a pinned thumbprint does not match.
void check_pinned_certificate(boost::beast::ssl_stream<boost::beast::tcp_stream>& stream,
                              const TlsOptions& options);

// Throws TlsError when the certificate check failed, else TransportError.
[[noreturn]] void throw_handshake_error(const boost::system::error_code& ec,
                                        const std::string& host, const TlsVerifyReport& report);

// The certificate in DER, what thumbprints are taken of (empty if it cannot be encoded).
std::vector<std::uint8_t> certificate_der(X509* cert);

}  // namespace mks::transport
