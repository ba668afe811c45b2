#include "agent/transport/tcp_byte_stream.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "agent/transport/queued_byte_stream.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

constexpr std::chrono::milliseconds kFlushTimeout{2000};

class TcpByteStream final : public QueuedByteStream {
 public:
  TcpByteStream(asio::ip::tcp::socket socket, std::string description)
      : QueuedByteStream(socket.get_executor()),
        socket_(std::move(socket)),
        description_(std::move(description)) {
    error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  }

  asio::any_io_executor get_executor() override { return socket_.get_executor(); }
  std::string describe() const override { return description_; }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    error_code ec;
    const std::size_t n = co_await socket_.async_read_some(
        asio::buffer(buffer.data(), buffer.size()), asio::redirect_error(asio::use_awaitable, ec));
    if (n > 0) co_return n;
    throw_read_failure(ec, description_, closed_);
  }

  asio::awaitable<void> close() override {
    if (closed_) co_return;
    closed_ = true;
    stop_sending();
    co_await flush(kFlushTimeout);
    error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    abort();
  }

 protected:
  asio::awaitable<error_code> write_one(const std::vector<std::uint8_t>& bytes) override {
    error_code ec;
    co_await asio::async_write(socket_, asio::buffer(bytes),
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
  }

  void abort() override {
    error_code ignored;
    socket_.close(ignored);
  }

 private:
  asio::ip::tcp::socket socket_;
  std::string description_;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<ByteStream> make_tcp_stream(asio::ip::tcp::socket socket, std::string description) {
  return std::make_shared<TcpByteStream>(std::move(socket), std::move(description));
}

}  // namespace mks::transport
