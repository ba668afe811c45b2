#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "agent/transport/byte_stream.h"
#include "tools/webmks_sim/net/vcenter_rest_api.h"

// The network side of webmks-sim: a TLS (or plain) listener on loopback that serves
// WebMKS at /ticket/TOKEN (one-shot tickets, HTTP 503 on reuse) and a small HTTP API.
namespace mks::sim {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  bool tls = true;         // false: ws:// and http:// (for tests and gateways)
  // Choose uint8utf8 over binary when a client offers both (exercises the legacy text mode).
  bool prefer_uint8utf8 = false;
  // Tickets minted elsewhere (e.g. by a vCenter simulator pointed here): a token never seen
  // is accepted once, on its first use; a second use is refused like any used ticket.
  bool accept_foreign_tickets = false;
  VcenterRestOptions vcenter_rest;  // a small vCenter REST API for tickets (off by default)
  // A fleet: also serve plain RFB over WebSocket at /console/KEY (reusable, no ticket, like
  // QEMU's websocket) and name each connection's key in its events.
  bool console_paths = false;
};

struct ConnectionInfo {
  std::string ticket;       // the full token (never logged in full)
  std::string subprotocol;  // "binary" or "uint8utf8"
  std::string peer;         // "127.0.0.1:54321"
  // Which console: a ticket's token up to its first '.', or the KEY of /console/KEY.
  std::string key;
  // Reached through the authentication daemon: RFB starts at ServerInit, no ClientInit.
  bool authd = false;
};

struct HttpReply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Serves one console connection; the stream is closed when the coroutine returns.
using SessionHandler = std::function<boost::asio::awaitable<void>(
    std::unique_ptr<transport::ByteStream>, ConnectionInfo)>;
// Answers GET/POST under /api/ that the server itself does not handle (it handles
// POST /api/tickets). nullopt gives 404.
using ApiHandler =
    std::function<std::optional<HttpReply>(const std::string& method, const std::string& target)>;
// As ApiHandler, for handlers that read the request body (POST /api/usb-keys).
using ApiCallHandler = std::function<std::optional<HttpReply>(const HttpCall& call)>;
// Receives one JSON object per server event (connect, ticket refused, closed...).
using EventSink = std::function<void(const nlohmann::json&)>;

class SimServer {
 public:
  SimServer(boost::asio::io_context& io, ServerOptions options, SessionHandler on_session,
            ApiHandler on_api, EventSink on_event);
  SimServer(boost::asio::io_context& io, ServerOptions options, SessionHandler on_session,
            ApiCallHandler on_api, EventSink on_event);
  // No API beyond the server's own (nullptr would fit both handler types).
  SimServer(boost::asio::io_context& io, ServerOptions options, SessionHandler on_session,
            std::nullptr_t no_api, EventSink on_event)
      : SimServer(io, std::move(options), std::move(on_session), ApiCallHandler(no_api),
                  std::move(on_event)) {}
  ~SimServer();

  // Binds (and makes a self-signed certificate when TLS is on). Throws on failure.
  void start();
  std::uint16_t port() const;
  // Fingerprints of the certificate, upper-case hex with ':' (empty without TLS).
  std::string thumbprint_sha1() const;
  std::string thumbprint_sha256() const;
  // Mints a new one-shot ticket and returns its token ("KEY.RANDOM" with a key).
  std::string issue_ticket(std::string_view key = {});
  // Accepts a ticket minted elsewhere (e.g. by a vCenter simulator); still usable once.
  void add_ticket(const std::string& token);
  std::string ticket_url(const std::string& token) const;  // wss://127.0.0.1:PORT/ticket/TOKEN
  std::string api_url() const;                             // https://127.0.0.1:PORT/api
  std::string console_url(const std::string& key) const;   // wss://127.0.0.1:PORT/console/KEY

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mks::sim
