#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tools/webmks_sim/net/sim_server.h"

// The ESXi authentication daemon side of webmks-sim (its own port, as TCP 902 on a host):
// greeting, TLS, USER/PASS with an `mks` ticket, THUMBPRINT, CONNECT, a second TLS session
// with another certificate, the nonce, then the console's RFB from ServerInit
// (docs/authd.md).
namespace mks::sim {

// What a test can make the daemon do wrong (each failure of the fact sheet).
enum class AuthdFault {
  kNone,
  kRefuseLogin,        // 530 to every PASS (an expired ticket)
  kExpireFirstTicket,  // 530 to the first PASS only (a ticket that expired on its way)
  kNoSuchVm,           // 553 to CONNECT
  kBusy,               // 552 to CONNECT
  kRedirect,           // 630 to CONNECT, to AuthdOptions::redirect_to with a fresh ticket
  kWrongThumbprint,    // THUMBPRINT announces a certificate the second session does not present
  kNoTls,              // a version 1.00 greeting: no TLS
  kNotAuthd,           // an SSH greeting (a wrong port)
};

// "none", "refuse-login", "expire-first-ticket", "no-such-vm", "busy", "redirect",
// "wrong-thumbprint", "no-tls", "not-authd"; throws std::invalid_argument for anything else.
AuthdFault parse_authd_fault(std::string_view name);

struct AuthdOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  AuthdFault fault = AuthdFault::kNone;
  std::string redirect_to;  // "HOST:PORT" of another daemon (with accept_foreign_tickets)
  // Tickets minted elsewhere (a vCenter simulator, a redirecting daemon): a token never seen
  // is accepted once.
  bool accept_foreign_tickets = false;
};

class AuthdServer {
 public:
  // Consoles are served by `on_session` with ConnectionInfo::authd set.
  AuthdServer(boost::asio::io_context& io, AuthdOptions options, SessionHandler on_session,
              EventSink on_event);
  ~AuthdServer();

  // Binds and makes the two certificates. Throws on failure.
  void start();
  std::uint16_t port() const;
  // SHA-1 of the daemon's certificate, as a ticket's sslThumbprint: "AB:CD:…".
  std::string thumbprint_sha1() const;
  // A one-shot `mks` ticket (with a fleet `key`: "KEY.RANDOM").
  std::string issue_ticket(std::string_view key = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mks::sim
