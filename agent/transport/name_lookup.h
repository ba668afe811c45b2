#pragma once

// Name lookup bounded by a deadline. Asio's resolver has no timeout of its own and runs
// getaddrinfo on a thread it starts on first use; an address written as digits needs
// neither, so it is answered at once (a loaded machine can take longer than a short
// connect timeout just to start that thread).
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <string>

namespace mks::transport {

// Sets `ec` (timed_out at the deadline) instead of throwing, so each caller words its error.
boost::asio::awaitable<boost::asio::ip::tcp::resolver::results_type> look_up(
    boost::asio::any_io_executor executor, std::string host, std::uint16_t port,
    std::chrono::steady_clock::time_point deadline, boost::system::error_code& ec);

}  // namespace mks::transport
