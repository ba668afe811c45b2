// The agent's WebSocket client: connect() to a loopback peer that answers the upgrade with the
// fuzz input (status line, headers, then frames), then read the stream until it ends. Covers
// the HTTP 101 reply, subprotocol choice, frame reading (lengths, masks, control frames,
// fragmentation, close) and uint8utf8 decoding. "ACCEPT_KEY" in the input becomes the
// Sec-WebSocket-Accept value the client expects, so the fuzzer gets past the handshake.
#include <array>
#include <boost/asio/io_context.hpp>
#include <string>

#include "agent/errors.h"
#include "agent/transport/connect.h"
#include "agent/transport/url.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/loopback_peer.h"
#include "tests/unit/websocket_accept.h"

namespace {

// The client's Sec-WebSocket-Key, from its request head.
std::string websocket_key(const std::string& request) {
  const auto at = request.find("Sec-WebSocket-Key: ");
  if (at == std::string::npos) return "missing";
  return request.substr(at + 19, request.find("\r\n", at) - at - 19);
}

std::string with_accept_key(const std::string& request, std::string reply) {
  const auto at = reply.find("ACCEPT_KEY");
  if (at != std::string::npos)
    reply.replace(at, 10, mks::testing::websocket_accept(websocket_key(request)));
  return reply;
}

boost::asio::awaitable<void> read_everything(std::uint16_t port) {
  try {
    const auto url =
        mks::transport::Url::parse("ws://127.0.0.1:" + std::to_string(port) + "/ticket/fuzz");
    mks::transport::ConnectOptions options;
    options.timeout = std::chrono::milliseconds(2000);
    auto stream = co_await mks::transport::connect(url, options);
    std::array<std::uint8_t, 4096> buffer{};
    try {
      while (true) co_await stream->read_some(buffer);
    } catch (const mks::AgentError& e) {
      mks::fuzz::expected_error(e);
    }
    co_await stream->close();
  } catch (const mks::AgentError& e) {
    mks::fuzz::expected_error(e);
  }
}

}  // namespace

MKS_FUZZ_TARGET(websocket_client) {
  boost::asio::io_context io;
  mks::fuzz::LoopbackPeer peer(io, {std::string(reinterpret_cast<const char*>(data), size)},
                               with_accept_key);
  mks::fuzz::run_with_peer(io, peer, read_everything(peer.port()));
  return 0;
}
