#pragma once

// The console through ESXi's authentication daemon (TCP 902) with an `mks` ticket: banner,
// TLS pinned by the ticket's SHA-1 thumbprint, USER/PASS with the ticket, THUMBPRINT with a
// nonce, CONNECT to the VM's .vmx, then a second TLS session on the same socket pinned to the
// thumbprint authd announced, and the nonce. What follows is RFB from ServerInit
// (docs/authd.md).
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "agent/transport/byte_stream.h"
#include "agent/transport/thumbprint.h"

namespace mks::transport {

struct AuthdTicket {
  std::string ticket;    // sent as user name and password; never shown
  std::string cfg_file;  // the VM's .vmx path, for CONNECT
  std::string host;
  std::uint16_t port = 902;
  std::optional<Thumbprint> thumbprint;  // of authd's certificate (the ticket's sslThumbprint)
};

struct AuthdOptions {
  // Accept any certificate on the first TLS session (--insecure). The second session is
  // always pinned to the thumbprint authd announced.
  bool insecure = false;
  // Bound for the whole dialogue, redirects included.
  std::chrono::milliseconds timeout{15000};
  // 630 redirects followed before giving up.
  int max_redirects = 3;
};

// "authd://HOST:PORT/VMDIR/NAME.vmx": safe to log (no ticket).
std::string describe_authd(const AuthdTicket& ticket);

// The stream positioned at the server's ServerInit: the RFB client must send no ClientInit.
// Throws ProtocolError (not authd, unexpected replies), TlsError (a thumbprint mismatch on
// either session: never retried), TicketError (530: the ticket is used or expired),
// AgentError (CONNECT refused: the VM is not on this host, not running, busy),
// TimeoutError or TransportError, each one line without the ticket or the nonce.
boost::asio::awaitable<std::unique_ptr<ByteStream>> connect_authd(AuthdTicket ticket,
                                                                  const AuthdOptions& options);

}  // namespace mks::transport
