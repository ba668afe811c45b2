#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "tools/webmks_sim/net/server_core.h"

namespace mks::sim {

// Serves one accepted TCP connection: the TLS handshake when on, then one HTTP request,
// which is either a WebSocket upgrade at /ticket/TOKEN (a console session) or an API call.
// Never throws: a failing connection must not disturb the others.
boost::asio::awaitable<void> serve_connection(std::shared_ptr<ServerCore> core,
                                              boost::asio::ip::tcp::socket socket);

}  // namespace mks::sim
