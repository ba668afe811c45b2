#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "agent/transport/byte_stream.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"

namespace mks::transport {

struct TlsOptions {
  // Accept any certificate. Only when the user asked for it explicitly (--insecure).
  bool insecure = false;
  // Accept exactly the certificate with this fingerprint (chain and name not checked),
  // as vSphere hands out with each ticket.
  std::optional<Thumbprint> thumbprint;
};

struct ConnectOptions {
  TlsOptions tls;
  // Bound for TCP connect + TLS + WebSocket upgrade together.
  std::chrono::milliseconds timeout{15000};
};

// Opens the console byte stream for `url`: ws:// and wss:// perform the WebSocket upgrade
// offering subprotocols "binary" and "uint8utf8"; vnc:// is plain TCP. Throws
// TransportError, TlsError, TicketError (HTTP 503 / any refused upgrade: the ticket is used,
// expired or wrong) or TimeoutError, each with one clear line.
boost::asio::awaitable<std::unique_ptr<ByteStream>> connect(const Url& url,
                                                            const ConnectOptions& options);

}  // namespace mks::transport
