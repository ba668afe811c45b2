#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "tools/fault_proxy/connection.h"
#include "tools/fault_proxy/fault.h"

namespace mks::fault_proxy {

// Listens on 127.0.0.1:port (0: any free port) and forwards every connection to the
// upstream, the first `fault.first` of them (all when 0) with the fault.
class ProxyServer {
 public:
  ProxyServer(boost::asio::io_context& io, int port, boost::asio::ip::tcp::endpoint upstream,
              FaultOptions fault, EventSink events);

  int port() const;
  void start();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> open(boost::asio::ip::tcp::socket client, int number);

  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ip::tcp::endpoint upstream_;
  FaultOptions fault_;
  EventSink events_;
};

}  // namespace mks::fault_proxy
