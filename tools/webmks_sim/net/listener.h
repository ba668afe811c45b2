#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "tools/webmks_sim/net/self_signed_cert.h"

// What the simulator's servers (WebMKS and the authentication daemon) share: a TLS server
// context for a certificate made at start, and a loopback listener.
namespace mks::sim {

// TLS 1.2 or later, as ESXi; throws std::runtime_error when OpenSSL refuses the certificate.
std::shared_ptr<boost::asio::ssl::context> server_tls_context(const SelfSignedCert& cert);

using ConnectionHandler = std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

// Binds `address`:`port` (0: any free port) and runs `serve` on its own coroutine for each
// connection until the acceptor is closed. Throws when it cannot bind.
std::shared_ptr<boost::asio::ip::tcp::acceptor> listen_on(boost::asio::io_context& io,
                                                          const std::string& address,
                                                          std::uint16_t port,
                                                          ConnectionHandler serve);

}  // namespace mks::sim
