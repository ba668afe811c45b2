#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "tools/webmks_sim/net/authd_server.h"
#include "tools/webmks_sim/net/ticket_book.h"

namespace mks::sim {

// What every connection of one AuthdServer shares (held by shared_ptr, as ServerCore).
struct AuthdShared {
  AuthdOptions options;
  SessionHandler on_session;
  EventSink on_event;
  TicketBook tickets;
  std::shared_ptr<boost::asio::ssl::context> daemon_tls;  // the first TLS session
  std::shared_ptr<boost::asio::ssl::context> vmx_tls;     // the second, after CONNECT
  std::string vmx_sha1;                                   // what THUMBPRINT announces
  std::uint16_t port = 0;
  std::atomic<bool> first_ticket_expired = false;  // the expire-first-ticket fault has struck

  void emit(const nlohmann::json& event) const {
    if (on_event) on_event(event);
  }
};

// One connection: greeting, the dialogue, the second TLS session and the nonce, then the
// console (on_session). Failures end the connection with an event, never an exception.
boost::asio::awaitable<void> serve_authd(std::shared_ptr<AuthdShared> shared,
                                         boost::asio::ip::tcp::socket socket);

}  // namespace mks::sim
