#pragma once

// Internal to mks_transport: name lookup and TCP connect under one deadline, with the
// one-line errors every console transport shares.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace mks::transport {

struct TcpTarget {
  std::string host;
  std::uint16_t port = 0;
  std::string description;  // for messages: the redacted URL or "authd://host:port"
  std::chrono::milliseconds timeout{15000};
  std::chrono::steady_clock::time_point deadline;
};

// TimeoutError at or past the deadline, TransportError otherwise, naming `stage`.
[[noreturn]] void throw_network_error(const boost::system::error_code& ec, const TcpTarget& target,
                                      std::string_view stage);

// Resolves and connects by the deadline (which stays set on the stream); TCP_NODELAY on.
boost::asio::awaitable<boost::beast::tcp_stream> connect_tcp(const TcpTarget& target);

}  // namespace mks::transport
