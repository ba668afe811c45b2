#pragma once

// Internal to mks_transport and the simulator: pulls in Beast, so keep it out of public
// headers.
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "agent/transport/byte_stream.h"

namespace mks::transport {

// docs/webmks-protocol.md §1.2: what the chosen Sec-WebSocket-Protocol means for framing.
enum class WebSocketMode { kBinary, kUint8Utf8 };

inline constexpr std::string_view kSubprotocolBinary = "binary";
inline constexpr std::string_view kSubprotocolUint8Utf8 = "uint8utf8";

// nullopt for a subprotocol this transport cannot carry (e.g. vmware-vvc).
std::optional<WebSocketMode> websocket_mode(std::string_view subprotocol);

using PlainWebSocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
using TlsWebSocket =
    boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;

// Wraps an open (handshaken) WebSocket, client or server side. `description` is what
// describe() and error messages show; it must not contain a full ticket. `owner` is kept
// alive as long as the stream (e.g. the TLS context).
std::shared_ptr<ByteStream> make_websocket_stream(PlainWebSocket ws, WebSocketMode mode,
                                                  std::string description,
                                                  std::shared_ptr<void> owner = {});
std::shared_ptr<ByteStream> make_websocket_stream(TlsWebSocket ws, WebSocketMode mode,
                                                  std::string description,
                                                  std::shared_ptr<void> owner = {});

}  // namespace mks::transport
