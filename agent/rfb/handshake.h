#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "agent/rfb/server_init.h"
#include "agent/rfb/stream_reader.h"
#include "agent/transport/byte_stream.h"

namespace mks::rfb {

// Reads the first 12 bytes: an RFB version string starts the full handshake (3.3, 3.7, 3.8;
// security None), anything else is the start of ServerInit (WebMKS's direct variant). Detecting
// by content works on every transport. Security None is preferred; VNC authentication
// (type 2) uses `password`. Throws ProtocolError / AuthError (one line: a wrong password says
// so).
boost::asio::awaitable<ServerInit> handshake(StreamReader& in, transport::ByteStream& out,
                                             const std::string& password = {});

// Throws ProtocolError naming the size and limits::kMaxDesktopName when a desktop name
// (ServerInit or the DesktopName pseudo-encoding) is longer.
void check_desktop_name_length(std::uint32_t length);

}  // namespace mks::rfb
