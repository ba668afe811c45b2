#include "agent/transport/queued_byte_stream.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/errors.h"

namespace mks::transport {
namespace asio = boost::asio;

void throw_read_failure(const boost::system::error_code& ec, const std::string& description,
                        bool closed_here) {
  if (ec == asio::error::eof) throw TransportError(description + " closed the connection");
  if (ec == asio::ssl::error::stream_truncated) {
    throw TransportError(description + " closed the connection (TLS cut without close_notify)");
  }
  if (ec == asio::error::operation_aborted || closed_here || !ec) {
    throw TransportError("the connection to " + description + " was closed");
  }
  throw TransportError(description + " dropped the connection (" + ec.message() + ")");
}

QueuedByteStream::QueuedByteStream(const asio::any_io_executor& executor) : idle_(executor) {}

void QueuedByteStream::send(std::vector<std::uint8_t> bytes) {
  if (!accepting_ || failed_ || bytes.empty()) return;
  queue_.push_back(std::move(bytes));
  if (writing_) return;
  writing_ = true;
  asio::co_spawn(get_executor(), drain(shared_from_this()), asio::detached);
}

// `self` keeps the stream alive while the writer runs.
asio::awaitable<void> QueuedByteStream::drain(std::shared_ptr<QueuedByteStream> /*self*/) {
  while (!queue_.empty() && !failed_) {
    const std::vector<std::uint8_t> bytes = std::move(queue_.front());
    queue_.pop_front();
    if (const auto ec = co_await write_one(bytes)) {
      failed_ = true;
      abort();
    }
  }
  queue_.clear();
  writing_ = false;
  idle_.cancel();
}

asio::awaitable<bool> QueuedByteStream::flush(std::chrono::milliseconds bound) {
  if (!writing_) co_return true;
  idle_.expires_after(bound);
  boost::system::error_code ec;
  co_await idle_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  co_return !writing_;
}

namespace {

class Handle final : public ByteStream {
 public:
  explicit Handle(std::shared_ptr<ByteStream> stream) : stream_(std::move(stream)) {}
  asio::any_io_executor get_executor() override { return stream_->get_executor(); }
  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    return stream_->read_some(buffer);
  }
  void send(std::vector<std::uint8_t> bytes) override { stream_->send(std::move(bytes)); }
  asio::awaitable<void> close() override { return stream_->close(); }
  std::string describe() const override { return stream_->describe(); }

 private:
  std::shared_ptr<ByteStream> stream_;
};

}  // namespace

std::unique_ptr<ByteStream> make_handle(std::shared_ptr<ByteStream> stream) {
  return std::make_unique<Handle>(std::move(stream));
}

}  // namespace mks::transport
