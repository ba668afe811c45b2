#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>

namespace mks::fault_proxy {

class Connection;

// Forwards what the server sends to the client, applying the connection's fault.
boost::asio::awaitable<void> forward_server_to_client(std::shared_ptr<Connection> connection);

// Latency: every chunk reaches the client `fault().delay` after it left the server, while the
// next chunks are already being read (a delay, not a throughput limit).
boost::asio::awaitable<void> forward_with_latency(std::shared_ptr<Connection> connection);

}  // namespace mks::fault_proxy
