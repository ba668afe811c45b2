#include "agent/transport/tls_byte_stream.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "agent/transport/queued_byte_stream.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;

constexpr std::chrono::milliseconds kFlushTimeout{2000};

class TlsByteStream final : public QueuedByteStream {
 public:
  TlsByteStream(std::unique_ptr<TlsTcpStream> stream, std::shared_ptr<asio::ssl::context> context,
                std::string description)
      : QueuedByteStream(stream->get_executor()),
        stream_(std::move(stream)),
        context_(std::move(context)),
        description_(std::move(description)) {}

  asio::any_io_executor get_executor() override { return stream_->get_executor(); }
  std::string describe() const override { return description_; }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    error_code ec;
    const std::size_t n = co_await stream_->async_read_some(
        asio::buffer(buffer.data(), buffer.size()), asio::redirect_error(asio::use_awaitable, ec));
    if (n > 0) co_return n;
    throw_read_failure(ec, description_, closed_);
  }

  // No close_notify: asio's TLS shutdown waits for the peer's while the reader's read is
  // pending on the same stream, which TLS streams do not allow. The peer sees the TCP end,
  // as ESXi's console does when a client goes (the first authd session ends the same way).
  asio::awaitable<void> close() override {
    if (closed_) co_return;
    closed_ = true;
    stop_sending();
    co_await flush(kFlushTimeout);
    error_code ignored;
    beast::get_lowest_layer(*stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_send,
                                                        ignored);
    abort();
  }

 protected:
  asio::awaitable<error_code> write_one(const std::vector<std::uint8_t>& bytes) override {
    error_code ec;
    co_await asio::async_write(*stream_, asio::buffer(bytes),
                               asio::redirect_error(asio::use_awaitable, ec));
    co_return ec;
  }

  void abort() override { beast::get_lowest_layer(*stream_).close(); }

 private:
  std::unique_ptr<TlsTcpStream> stream_;
  std::shared_ptr<asio::ssl::context> context_;
  std::string description_;
  bool closed_ = false;
};

}  // namespace

std::shared_ptr<ByteStream> make_tls_stream(std::unique_ptr<TlsTcpStream> stream,
                                            std::shared_ptr<asio::ssl::context> context,
                                            std::string description) {
  return std::make_shared<TlsByteStream>(std::move(stream), std::move(context),
                                         std::move(description));
}

}  // namespace mks::transport
