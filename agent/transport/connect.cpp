#include "agent/transport/connect.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <string_view>

#include "agent/errors.h"
#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/tcp_byte_stream.h"
#include "agent/transport/tcp_connect.h"
#include "agent/transport/tls_client.h"
#include "agent/transport/websocket_byte_stream.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::string_view kOfferedSubprotocols = "binary, uint8utf8";

struct Attempt {
  const Url& url;
  const ConnectOptions& options;
  TcpTarget tcp;
};

void throw_network_error(const error_code& ec, const Attempt& at, std::string_view stage) {
  transport::throw_network_error(ec, at.tcp, stage);
}

asio::awaitable<beast::tcp_stream> connect_tcp(const Attempt& at) {
  co_return co_await transport::connect_tcp(at.tcp);
}

std::string host_header(const Url& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  return (v6 ? "[" + url.host + "]" : url.host) + ":" + std::to_string(url.port);
}

[[noreturn]] void throw_refused_upgrade(unsigned status) {
  throw TicketError("the console ticket was refused (HTTP " + std::to_string(status) +
                    "): it is single-use and short-lived, already used or expired — get a new "
                    "ticket");
}

// The HTTP upgrade: sends the ticket (in the target) and learns the framing.
template <class Ws>
asio::awaitable<WebSocketMode> upgrade(Ws& ws, const Attempt& at) {
  ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
    request.set(http::field::sec_websocket_protocol, kOfferedSubprotocols);
    request.set(http::field::user_agent, "mksagent");
  }));
  websocket::response_type response;
  error_code ec;
  co_await ws.async_handshake(response, host_header(at.url), at.url.target,
                              asio::redirect_error(asio::use_awaitable, ec));
  if (ec == websocket::error::upgrade_declined) throw_refused_upgrade(response.result_int());
  if (ec.category() == websocket::make_error_code(websocket::error::closed).category()) {
    throw ProtocolError("the console at " + at.url.redacted() +
                        " answered the WebSocket upgrade wrongly (" + ec.message() + ")");
  }
  if (ec) throw_network_error(ec, at, "WebSocket upgrade");
  const auto chosen = response[http::field::sec_websocket_protocol];
  const auto mode = websocket_mode(chosen);
  if (!mode) {
    throw ProtocolError("the console at " + at.url.redacted() +
                        (chosen.empty() ? std::string(" chose no WebSocket subprotocol")
                                        : " chose the unsupported WebSocket subprotocol '" +
                                              std::string(chosen) + "'") +
                        " (offered: binary, uint8utf8)");
  }
  beast::get_lowest_layer(ws).expires_never();
  co_return *mode;
}

asio::awaitable<std::shared_ptr<ByteStream>> connect_ws(const Attempt& at) {
  PlainWebSocket ws(co_await connect_tcp(at));
  const WebSocketMode mode = co_await upgrade(ws, at);
  co_return make_websocket_stream(std::move(ws), mode, at.url.redacted());
}

asio::awaitable<std::shared_ptr<ByteStream>> connect_wss(const Attempt& at) {
  auto context = make_client_context(at.options.tls);
  TlsWebSocket ws(co_await connect_tcp(at), *context);
  auto report = std::make_shared<TlsVerifyReport>();
  prepare_client_stream(ws.next_layer(), at.url.host, at.options.tls, report);
  error_code ec;
  co_await ws.next_layer().async_handshake(asio::ssl::stream_base::client,
                                           asio::redirect_error(asio::use_awaitable, ec));
  if (ec == beast::error::timeout) throw_network_error(ec, at, "TLS handshake");
  if (ec) throw_handshake_error(ec, at.url.host, *report);
  check_pinned_certificate(ws.next_layer(), at.options.tls);
  const WebSocketMode mode = co_await upgrade(ws, at);
  co_return make_websocket_stream(std::move(ws), mode, at.url.redacted(), context);
}

asio::awaitable<std::shared_ptr<ByteStream>> connect_vnc(const Attempt& at) {
  beast::tcp_stream stream = co_await connect_tcp(at);
  stream.expires_never();
  co_return make_tcp_stream(stream.release_socket(), at.url.redacted());
}

}  // namespace

asio::awaitable<std::unique_ptr<ByteStream>> connect(const Url& url,
                                                     const ConnectOptions& options) {
  const Attempt at{url, options,
                   TcpTarget{url.host, url.port, url.redacted(), options.timeout,
                             Clock::now() + options.timeout}};
  std::shared_ptr<ByteStream> stream;
  if (url.tls()) {
    stream = co_await connect_wss(at);
  } else if (url.websocket()) {
    stream = co_await connect_ws(at);
  } else {
    stream = co_await connect_vnc(at);
  }
  co_return make_handle(std::move(stream));
}

}  // namespace mks::transport
