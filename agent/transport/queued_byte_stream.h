#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <deque>
#include <memory>

#include "agent/transport/byte_stream.h"

namespace mks::transport {

// The send side shared by the TCP and WebSocket streams: send() queues, and one writer
// coroutine drains the queue in order, because Asio and Beast allow only one write in
// flight. Instances live in a shared_ptr so the writer can keep them alive.
class QueuedByteStream : public ByteStream, public std::enable_shared_from_this<QueuedByteStream> {
 public:
  void send(std::vector<std::uint8_t> bytes) override;

 protected:
  explicit QueuedByteStream(const boost::asio::any_io_executor& executor);

  // Waits until the queue is written or `bound` passed; true when everything went out.
  boost::asio::awaitable<bool> flush(std::chrono::milliseconds bound);
  // Drops later sends (close() in progress); what is queued still goes out.
  void stop_sending() { accepting_ = false; }
  bool writing() const { return writing_; }

  virtual boost::asio::awaitable<boost::system::error_code> write_one(
      const std::vector<std::uint8_t>& bytes) = 0;
  // Called once when a write fails: abort the connection so a pending read fails too.
  virtual void abort() = 0;

 private:
  boost::asio::awaitable<void> drain(std::shared_ptr<QueuedByteStream> self);

  std::deque<std::vector<std::uint8_t>> queue_;
  bool writing_ = false;
  bool accepting_ = true;
  bool failed_ = false;
  boost::asio::steady_timer idle_;  // cancelled whenever the writer goes idle
};

// The TransportError for a read of a TCP or TLS stream that returned no byte: the peer closed
// (with or without TLS's close_notify), this side closed (`closed_here`), or a failure.
[[noreturn]] void throw_read_failure(const boost::system::error_code& ec,
                                     const std::string& description, bool closed_here);

// A unique_ptr handle on a shared stream: the owner of the handle uses it as usual while
// someone else (the simulator, after its session handler returned) can still close it.
std::unique_ptr<ByteStream> make_handle(std::shared_ptr<ByteStream> stream);

}  // namespace mks::transport
