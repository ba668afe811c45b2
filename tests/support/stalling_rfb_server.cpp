#include "tests/support/stalling_rfb_server.h"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <memory>
#include <vector>

namespace mks::test {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kWidth = 64;
constexpr std::uint16_t kHeight = 48;

void put16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(Bytes& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

Bytes server_init() {
  Bytes out;
  put16(out, kWidth);
  put16(out, kHeight);
  // 32 bpp, depth 24, little-endian, true colour, 255/255/255, shifts 16/8/0: BGRX.
  const Bytes format = {32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0};
  out.insert(out.end(), format.begin(), format.end());
  const std::string name = "stalling";
  put32(out, static_cast<std::uint32_t>(name.size()));
  out.insert(out.end(), name.begin(), name.end());
  return out;
}

// One Raw rectangle covering the screen, in a grey that is not black.
Bytes raw_update() {
  Bytes out = {0, 0};  // FramebufferUpdate, padding
  put16(out, 1);
  put16(out, 0);
  put16(out, 0);
  put16(out, kWidth);
  put16(out, kHeight);
  put32(out, 0);  // Raw
  out.resize(out.size() + std::size_t{kWidth} * kHeight * 4, 0x80);
  return out;
}

Bytes first_half(const Bytes& update) {
  return Bytes(update.begin(), update.begin() + update.size() / 2);
}

using WebSocket = websocket::stream<beast::tcp_stream>;

// The agent's end of one connection: a TCP socket, or a WebSocket whose binary messages
// carry the RFB bytes.
struct Peer {
  std::shared_ptr<tcp::socket> socket;
  std::shared_ptr<WebSocket> ws;
  Bytes received;  // WebSocket bytes not yet consumed
};

// Not in a coroutine: GCC 12 misreports a lambda made inside one.
std::shared_ptr<WebSocket> websocket_over(tcp::socket socket) {
  auto ws = std::make_shared<WebSocket>(std::move(socket));
  ws->set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(http::field::sec_websocket_protocol, "binary");
  }));
  ws->binary(true);
  return ws;
}

asio::awaitable<void> write(Peer& peer, const Bytes& bytes) {
  if (peer.ws) {
    co_await peer.ws->async_write(asio::buffer(bytes), asio::use_awaitable);
  } else {
    co_await asio::async_write(*peer.socket, asio::buffer(bytes), asio::use_awaitable);
  }
}

asio::awaitable<void> read(Peer& peer, std::size_t n) {
  if (!peer.ws) {
    Bytes buffer(n, 0);
    co_await asio::async_read(*peer.socket, asio::buffer(buffer), asio::use_awaitable);
    co_return;
  }
  while (peer.received.size() < n) {
    beast::flat_buffer message;
    co_await peer.ws->async_read(message, asio::use_awaitable);
    const auto* data = static_cast<const std::uint8_t*>(message.cdata().data());
    peer.received.insert(peer.received.end(), data, data + message.size());
  }
  peer.received.erase(peer.received.begin(), peer.received.begin() + static_cast<long>(n));
}

// The client's messages (SetEncodings, update requests, input) are read and ignored, so the
// client never blocks on a full socket.
asio::awaitable<void> drain(std::shared_ptr<tcp::socket> socket) {
  std::vector<std::uint8_t> buffer(4096);
  boost::system::error_code ec;
  while (!ec) {
    co_await socket->async_read_some(asio::buffer(buffer),
                                     asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> stall(Peer peer, StallingRfbServer::Mode mode, std::chrono::seconds hold) {
  using Mode = StallingRfbServer::Mode;
  if (peer.ws) co_await peer.ws->async_accept(asio::use_awaitable);
  // Named locals: GCC 12 miscompiles braced temporaries inside co_await.
  const std::string text = "RFB 003.008\n";
  const Bytes version(text.begin(), text.end());
  const Bytes security_none = {1, 1};  // one security type: None
  const Bytes security_ok = {0, 0, 0, 0};
  const Bytes init = server_init();
  co_await write(peer, version);
  co_await read(peer, 12);
  co_await write(peer, security_none);
  co_await read(peer, 1);
  co_await write(peer, security_ok);
  co_await read(peer, 1);  // ClientInit
  co_await write(peer, init);
  if (peer.socket) asio::co_spawn(peer.socket->get_executor(), drain(peer.socket), asio::detached);
  const Bytes update = raw_update();
  const Bytes half = first_half(update);
  const auto started = std::chrono::steady_clock::now();
  if (mode == Mode::kFrameThenHalfUpdate) co_await write(peer, update);
  if (mode == Mode::kTrickle) {
    for (std::size_t i = 0; i < update.size() && std::chrono::steady_clock::now() < started + hold;
         ++i) {
      const Bytes one(1, update[i]);
      co_await write(peer, one);
      co_await sleep_for(std::chrono::milliseconds(10));
    }
  } else {
    co_await write(peer, half);
  }
  const auto rest = std::chrono::duration_cast<std::chrono::milliseconds>(
      started + hold - std::chrono::steady_clock::now());
  co_await sleep_for(rest);
  boost::system::error_code ignored;
  if (peer.socket) peer.socket->close(ignored);
  if (peer.ws) beast::get_lowest_layer(*peer.ws).socket().close(ignored);
}

asio::awaitable<void> serve(tcp::acceptor& acceptor, StallingRfbServer::Mode mode,
                            StallingRfbServer::Transport transport, std::chrono::seconds hold) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    Peer peer;
    if (transport == StallingRfbServer::Transport::kWebSocket) {
      peer.ws = websocket_over(std::move(socket));
    } else {
      peer.socket = std::make_shared<tcp::socket>(std::move(socket));
    }
    asio::co_spawn(acceptor.get_executor(), stall(std::move(peer), mode, hold), asio::detached);
  }
}

}  // namespace

StallingRfbServer::StallingRfbServer(Mode mode, Transport transport, std::chrono::seconds hold)
    : transport_(transport), hold_(hold) {
  auto acceptor =
      std::make_shared<tcp::acceptor>(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  port_ = acceptor->local_endpoint().port();
  asio::co_spawn(
      io_, [acceptor, mode, transport, hold]() { return serve(*acceptor, mode, transport, hold); },
      asio::detached);
  thread_ = std::thread([this] { io_.run(); });
}

std::string StallingRfbServer::url() const {
  const std::string address = "127.0.0.1:" + std::to_string(port_);
  return transport_ == Transport::kWebSocket ? "ws://" + address + "/" : "vnc://" + address;
}

StallingRfbServer::~StallingRfbServer() {
  io_.stop();
  thread_.join();
}

}  // namespace mks::test
