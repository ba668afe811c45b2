#pragma once

// Internal to mks_transport: RFB straight over TLS (the second TLS session of ESXi's
// authentication daemon, authd_connect.cpp).
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <memory>
#include <string>

#include "agent/transport/byte_stream.h"

namespace mks::transport {

using TlsTcpStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// `context` outlives the stream with it. `description` is what describe() and errors show.
std::shared_ptr<ByteStream> make_tls_stream(std::unique_ptr<TlsTcpStream> stream,
                                            std::shared_ptr<boost::asio::ssl::context> context,
                                            std::string description);

}  // namespace mks::transport
