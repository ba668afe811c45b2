#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

#include "agent/transport/byte_stream.h"

namespace mks::transport {

// Plain TCP (vnc://). `description` is what describe() and error messages show.
std::shared_ptr<ByteStream> make_tcp_stream(boost::asio::ip::tcp::socket socket,
                                            std::string description);

}  // namespace mks::transport
