#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "tools/webmks_sim/net/sim_server.h"
#include "tools/webmks_sim/net/ticket_book.h"
#include "tools/webmks_sim/net/vcenter_rest_api.h"

namespace mks::sim {

// What every connection of one SimServer shares. Connections hold it by shared_ptr, so a
// connection still running after ~SimServer finds it intact.
struct ServerCore {
  ServerOptions options;
  SessionHandler on_session;
  ApiCallHandler on_api;
  EventSink on_event;
  TicketBook tickets;
  VcenterRestSessions rest_sessions;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null without TLS
  std::uint16_t port = 0;

  void emit(const nlohmann::json& event) const {
    if (on_event) on_event(event);
  }
  std::string host_for_urls() const;
  std::string ticket_url(const std::string& token) const;
  std::string console_url(const std::string& key) const;
  std::string api_url() const;
};

// The plain HTTP side: POST /api/tickets, the vCenter REST API when on, else the ApiHandler,
// else 404.
HttpReply answer_http(ServerCore& core, const HttpCall& call);

}  // namespace mks::sim
