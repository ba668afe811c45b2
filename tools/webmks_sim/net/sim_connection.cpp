#include "tools/webmks_sim/net/sim_connection.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <exception>
#include <optional>
#include <string_view>

#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/url.h"
#include "agent/transport/websocket_byte_stream.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::system::error_code;
using Request = http::request<http::string_body>;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::chrono::seconds kRequestTimeout{10};
constexpr std::string_view kTicketPrefix = "/ticket/";
constexpr std::string_view kConsolePrefix = "/console/";

// docs/webmks-protocol.md §1.2: prefer binary; never vmware-vvc, which we do not speak.
std::optional<std::string> choose_subprotocol(std::string_view offered, bool prefer_text) {
  bool binary = false;
  bool uint8utf8 = false;
  while (!offered.empty()) {
    const auto comma = offered.find(',');
    std::string_view item = offered.substr(0, comma);
    offered = comma == std::string_view::npos ? std::string_view{} : offered.substr(comma + 1);
    while (item.starts_with(' ') || item.starts_with('\t')) item.remove_prefix(1);
    while (item.ends_with(' ') || item.ends_with('\t')) item.remove_suffix(1);
    binary = binary || item == transport::kSubprotocolBinary;
    uint8utf8 = uint8utf8 || item == transport::kSubprotocolUint8Utf8;
  }
  if (prefer_text && uint8utf8) return std::string(transport::kSubprotocolUint8Utf8);
  if (binary) return std::string(transport::kSubprotocolBinary);
  if (uint8utf8) return std::string(transport::kSubprotocolUint8Utf8);
  return std::nullopt;
}

// The path segment after `prefix`: the token of /ticket/TOKEN, the key of /console/KEY.
std::string segment_after(std::string_view prefix, std::string_view target) {
  target.remove_prefix(prefix.size());
  return std::string(target.substr(0, target.find_first_of("?#/")));
}

// A fleet console's key: [A-Za-z0-9_-], as fleet_state.h's is_valid_key.
bool plain_key(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  for (const char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

void shut_down(beast::tcp_stream& stream) {
  error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void shut_down(TlsStream& stream) {
  // A TLS close_notify would need another round trip; the reply was complete already.
  shut_down(stream.next_layer());
}

template <class Stream>
asio::awaitable<void> reply(Stream& stream, const Request& request, const HttpReply& answer) {
  http::response<http::string_body> response{static_cast<http::status>(answer.status),
                                             request.version()};
  response.set(http::field::server, "webmks-sim");
  response.set(http::field::content_type, answer.content_type);
  response.keep_alive(false);
  response.body() = answer.body;
  response.prepare_payload();
  error_code ec;
  co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  shut_down(stream);
}

HttpReply plain(unsigned status, std::string text) {
  return HttpReply{status, "text/plain", std::move(text) + "\n"};
}

template <class Stream>
class Connection {
 public:
  Connection(std::shared_ptr<ServerCore> core, Stream stream, std::string peer)
      : core_(std::move(core)), stream_(std::move(stream)), peer_(std::move(peer)) {}

  asio::awaitable<void> run() {
    beast::flat_buffer buffer;
    Request request;
    error_code ec;
    beast::get_lowest_layer(stream_).expires_after(kRequestTimeout);
    co_await http::async_read(stream_, buffer, request,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (!websocket::is_upgrade(request)) {
      const HttpCall call{std::string(request.method_string()), std::string(request.target()),
                          std::string(request[http::field::authorization]),
                          std::string(request["vmware-api-session-id"]), request.body()};
      const auto answer = answer_http(*core_, call);
      co_await reply(stream_, request, answer);
    } else if (request.target().starts_with(kTicketPrefix)) {
      co_await upgrade(request);
    } else if (core_->options.console_paths && request.target().starts_with(kConsolePrefix)) {
      co_await open_console(request);
    } else {
      const HttpReply answer = plain(404, "console sessions live at /ticket/TOKEN");
      co_await reply(stream_, request, answer);
    }
  }

 private:
  // Plain RFB over WebSocket, as QEMU serves it: no ticket, any number of times. The
  // subprotocol is binary (or uint8utf8) when offered, else none.
  asio::awaitable<void> open_console(const Request& request) {
    const std::string key = segment_after(kConsolePrefix, request.target());
    if (!plain_key(key)) {
      const HttpReply answer = plain(404, "no console '" + key + "': keys are [A-Za-z0-9_-]");
      co_await reply(stream_, request, answer);
      co_return;
    }
    const auto subprotocol = choose_subprotocol(request[http::field::sec_websocket_protocol],
                                                core_->options.prefer_uint8utf8);
    ConnectionInfo info{"", subprotocol.value_or(""), peer_, key};
    // Named locals: GCC 12 mishandles temporaries passed by value into a coroutine.
    const nlohmann::json who = {{"console", key}};
    const std::string what = "console " + key;
    co_await accept(request, std::move(info), who, what);
  }

  asio::awaitable<void> upgrade(const Request& request) {
    const std::string token = segment_after(kTicketPrefix, request.target());
    const auto subprotocol = choose_subprotocol(request[http::field::sec_websocket_protocol],
                                                core_->options.prefer_uint8utf8);
    if (core_->options.accept_foreign_tickets && !token.empty()) core_->tickets.add(token);
    const auto state = core_->tickets.check(token);
    if (state != TicketBook::Check::kUsable) {
      co_await refuse(request, token, state);
      co_return;
    }
    if (!subprotocol) {
      const HttpReply answer = plain(400, "offer the binary or uint8utf8 subprotocol");
      co_await reply(stream_, request, answer);
      co_return;
    }
    // Marked used before the accept, as ESXi does: a failed upgrade still burns the ticket.
    if (core_->tickets.consume(token) != TicketBook::Check::kUsable) {
      co_await refuse(request, token, TicketBook::Check::kUsed);
      co_return;
    }
    const std::string shown = short_ticket(token);
    ConnectionInfo info{token, *subprotocol, peer_, std::string(token.substr(0, token.find('.')))};
    const nlohmann::json who = {{"ticket", shown}};
    const std::string what = "ticket " + shown;
    co_await accept(request, std::move(info), who, what);
  }

  asio::awaitable<void> refuse(const Request& request, const std::string& token,
                               TicketBook::Check state) {
    const bool used = state == TicketBook::Check::kUsed;
    core_->emit({{"event", "ticket-refused"},
                 {"ticket", short_ticket(token)},
                 {"reason", used ? "used" : "unknown"},
                 {"peer", peer_}});
    const HttpReply answer = plain(503, "Service Unavailable");
    co_await reply(stream_, request, answer);
  }

  // `who`: how events name the connection ({"ticket": "abcd…"} or {"console": KEY}).
  asio::awaitable<void> accept(const Request& request, ConnectionInfo info, nlohmann::json who,
                               std::string what) {
    websocket::stream<Stream> ws(std::move(stream_));
    const std::string subprotocol = info.subprotocol;
    ws.set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& r) {
      if (!subprotocol.empty()) r.set(http::field::sec_websocket_protocol, subprotocol);
      r.set(http::field::server, "webmks-sim");
    }));
    error_code ec;
    co_await ws.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    beast::get_lowest_layer(ws).expires_never();
    if (core_->options.console_paths) who["key"] = info.key;
    nlohmann::json connected = {{"event", "connect"}};
    connected.update(who);
    connected.update({{"subprotocol", subprotocol}, {"peer", peer_}});
    core_->emit(connected);
    const auto mode = subprotocol.empty() ? transport::WebSocketMode::kBinary
                                          : *transport::websocket_mode(subprotocol);
    auto stream = transport::make_websocket_stream(
        std::move(ws), mode, "client " + peer_ + " (" + what + ")", core_->tls);
    co_await run_session(stream, std::move(info));
    co_await stream->close();
    nlohmann::json disconnected = {{"event", "disconnect"}};
    disconnected.update(who);
    disconnected["peer"] = peer_;
    core_->emit(disconnected);
  }

  asio::awaitable<void> run_session(const std::shared_ptr<transport::ByteStream>& stream,
                                    ConnectionInfo info) {
    if (!core_->on_session) co_return;
    std::string failure;
    try {
      co_await core_->on_session(transport::make_handle(stream), std::move(info));
    } catch (const std::exception& error) {
      failure = transport::redact_tickets(error.what());
    }
    if (!failure.empty()) {
      core_->emit({{"event", "session-error"}, {"peer", peer_}, {"error", failure}});
    }
  }

  std::shared_ptr<ServerCore> core_;
  Stream stream_;
  std::string peer_;
};

std::string peer_of(const asio::ip::tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

asio::awaitable<void> serve_tls(std::shared_ptr<ServerCore> core, asio::ip::tcp::socket socket,
                                std::string peer) {
  TlsStream stream(beast::tcp_stream(std::move(socket)), *core->tls);
  beast::get_lowest_layer(stream).expires_after(kRequestTimeout);
  error_code ec;
  co_await stream.async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    core->emit({{"event", "tls-failed"}, {"peer", peer}, {"error", ec.message()}});
    co_return;
  }
  Connection<TlsStream> connection(core, std::move(stream), std::move(peer));
  co_await connection.run();
}

}  // namespace

asio::awaitable<void> serve_connection(std::shared_ptr<ServerCore> core,
                                       asio::ip::tcp::socket socket) {
  std::string peer = peer_of(socket);
  // Small RFB replies must not wait for the peer's delayed ACK (Nagle): ~40 ms per round trip.
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  try {
    if (core->tls) {
      co_await serve_tls(core, std::move(socket), std::move(peer));
    } else {
      Connection<beast::tcp_stream> connection(core, beast::tcp_stream(std::move(socket)),
                                               std::move(peer));
      co_await connection.run();
    }
  } catch (const std::exception& error) {
    core->emit({{"event", "connection-error"}, {"error", transport::redact_tickets(error.what())}});
  }
}

}  // namespace mks::sim
