#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mks::transport {

// An ordered, reliable byte stream carrying RFB: a TCP socket, or a WebSocket whose binary
// (or uint8utf8 text) messages are concatenated. Message boundaries are not exposed.
// All calls happen on one executor (strand-free: the agent runs one io_context thread).
class ByteStream {
 public:
  virtual ~ByteStream() = default;

  virtual boost::asio::any_io_executor get_executor() = 0;

  // Reads at least one byte into `buffer` (which is not empty) and returns how many.
  // Throws mks::TransportError when the peer closed or the connection failed; the message
  // says which (a clean WebSocket close includes its code and reason).
  virtual boost::asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) = 0;

  // Queues `bytes` to be sent as one message (WebSocket) or written in order (TCP), and
  // returns at once. Calls from several coroutines keep their order and never interleave.
  // A send failure closes the stream, so the pending read_some throws.
  virtual void send(std::vector<std::uint8_t> bytes) = 0;

  // Flushes queued sends (bounded by a short timeout), then closes. Never throws.
  virtual boost::asio::awaitable<void> close() = 0;

  // Where this stream goes, safe to log: the ticket in the path is redacted.
  virtual std::string describe() const = 0;
};

}  // namespace mks::transport
