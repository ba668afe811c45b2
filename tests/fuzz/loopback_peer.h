#pragma once

// A TCP peer on 127.0.0.1 for the fuzz targets of network replies: each connection sends a
// request (headers, and a body of Content-Length bytes), gets the next reply of the fuzz
// input written back raw, and is closed. `rewrite` may adapt a reply to the request (the
// WebSocket accept key depends on the client's random key).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

namespace mks::fuzz {

class LoopbackPeer {
 public:
  using Rewrite = std::function<std::string(const std::string& request, std::string reply)>;

  LoopbackPeer(boost::asio::io_context& io, std::deque<std::string> replies, Rewrite rewrite = {});
  std::uint16_t port() const { return port_; }
  // Stops accepting; connections in progress finish.
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> answer(boost::asio::ip::tcp::socket socket);

  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::deque<std::string> replies_;
  Rewrite rewrite_;
};

// Splits a fuzz input into replies at each "\n@@@\n" (a dictionary token), so mutations keep
// the replies apart.
std::deque<std::string> split_replies(std::string_view input);

// Runs `work` on `io` to completion with the peer serving, then lets the peer finish.
void run_with_peer(boost::asio::io_context& io, LoopbackPeer& peer,
                   boost::asio::awaitable<void> work);

}  // namespace mks::fuzz
