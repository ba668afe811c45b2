#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "agent/transport/connect.h"
#include "agent/transport/thumbprint.h"

namespace mks::doctor {

using Endpoints = std::vector<boost::asio::ip::tcp::endpoint>;

// The addresses `host` has from here. TransportError "HOST does not resolve from here (...)"
// or TimeoutError.
boost::asio::awaitable<Endpoints> resolve_host(std::string host, std::uint16_t port,
                                               std::chrono::milliseconds timeout);

// Opens and closes a TCP connection to the first endpoint that takes one; returns it.
// TransportError (refused, unreachable) or TimeoutError.
boost::asio::awaitable<boost::asio::ip::tcp::endpoint> tcp_check(Endpoints endpoints,
                                                                 std::chrono::milliseconds timeout);

// The certificate a TLS server presented, by both thumbprint algorithms vSphere uses.
struct TlsSeen {
  transport::Thumbprint sha256;
  transport::Thumbprint sha1;
};

// A TLS handshake with the agent's own certificate checks (CA store and name, a pinned
// thumbprint, or none with `tls.insecure`); sends nothing after it. TlsError as the agent
// would fail (its message shows the certificate's thumbprint), TransportError, TimeoutError.
boost::asio::awaitable<TlsSeen> tls_check(Endpoints endpoints, std::string host,
                                          transport::TlsOptions tls,
                                          std::chrono::milliseconds timeout);

// "1.2.3.4, ::1" (at most three).
std::string describe(const Endpoints& endpoints);

}  // namespace mks::doctor
