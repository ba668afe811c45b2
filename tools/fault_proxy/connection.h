#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

#include "tools/fault_proxy/fault.h"

namespace mks::fault_proxy {

using EventSink = std::function<void(const nlohmann::json&)>;

// One proxied connection: the agent's socket, the upstream's, and the fault applied to what
// the upstream sends. Lives while either direction is still being forwarded.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using tcp = boost::asio::ip::tcp;

  Connection(tcp::socket client, tcp::socket server, int number, FaultOptions fault,
             EventSink events);
  ~Connection();

  // Starts forwarding both ways.
  void start();

  const FaultOptions& fault() const { return fault_; }
  std::chrono::steady_clock::time_point started() const { return started_; }

  // Reads what the server sent into `buffer`; 0 at its end (or any error).
  boost::asio::awaitable<std::size_t> read_server(std::span<std::uint8_t> buffer);
  // Writes to the client; false when the client is gone.
  boost::asio::awaitable<bool> write_client(std::span<const std::uint8_t> bytes);
  // The server finished: so does the client's side (FIN).
  void end_client();
  // Reads and drops what the server sends until it ends: a stall keeps both sockets open.
  boost::asio::awaitable<void> discard_server();
  // Aborts the client's connection with an RST (SO_LINGER 0), and the server's.
  void reset_both();
  // Closes both connections with a FIN: for TLS, a cut without close_notify.
  void close_both();

  // Prints {"event":"fault","connection":N,"what":WHAT}.
  void report(const std::string& what);

 private:
  boost::asio::awaitable<void> forward_client_to_server();

  tcp::socket client_;
  tcp::socket server_;
  int number_;
  FaultOptions fault_;
  EventSink events_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::uint64_t from_server_ = 0;
  std::uint64_t to_client_ = 0;
  std::uint64_t from_client_ = 0;
};

}  // namespace mks::fault_proxy
