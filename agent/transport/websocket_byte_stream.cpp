#include "agent/transport/websocket_byte_stream.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstring>

#include "agent/errors.h"
#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/uint8utf8.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

// Framebuffer updates of a large screen arrive as one message; 64 MiB covers 4K raw.
constexpr std::size_t kMaxMessageBytes = 64u << 20;
constexpr std::chrono::milliseconds kCloseTimeout{2000};

std::string close_text(const websocket::close_reason& reason) {
  std::string text = "code " + std::to_string(reason.code);
  if (!reason.reason.empty()) {
    text += " " + std::string(reason.reason.data(), reason.reason.size());
  } else if (reason.code == websocket::close_code::normal) {
    text += " normal";
  }
  return text;
}

template <class NextLayer>
class WebSocketByteStream final : public QueuedByteStream {
 public:
  WebSocketByteStream(websocket::stream<NextLayer> ws, WebSocketMode mode, std::string description,
                      std::shared_ptr<void> owner)
      : QueuedByteStream(ws.get_executor()),
        owner_(std::move(owner)),
        ws_(std::move(ws)),
        mode_(mode),
        description_(std::move(description)) {
    ws_.binary(mode_ == WebSocketMode::kBinary);
    ws_.auto_fragment(false);
    ws_.read_message_max(kMaxMessageBytes);
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = kCloseTimeout;  // bounds the close handshake
    timeout.idle_timeout = websocket::stream_base::none();
    timeout.keep_alive_pings = false;
    ws_.set_option(timeout);
  }

  asio::any_io_executor get_executor() override { return ws_.get_executor(); }
  std::string describe() const override { return description_; }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    while (offset_ == pending_.size()) co_await read_message();
    const std::size_t n = std::min(buffer.size(), pending_.size() - offset_);
    std::memcpy(buffer.data(), pending_.data() + offset_, n);
    offset_ += n;
    co_return n;
  }

  asio::awaitable<void> close() override {
    if (closed_) co_return;
    closed_ = true;
    stop_sending();
    co_await flush(kCloseTimeout);
    if (!writing() && ws_.is_open()) {
      error_code ec;
      co_await ws_.async_close(websocket::close_code::normal,
                               asio::redirect_error(asio::use_awaitable, ec));
    }
    abort();
  }

 protected:
  asio::awaitable<error_code> write_one(const std::vector<std::uint8_t>& bytes) override {
    error_code ec;
    if (mode_ == WebSocketMode::kUint8Utf8) {
      const std::string text = uint8utf8::encode(bytes);
      co_await ws_.async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await ws_.async_write(asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return ec;
  }

  void abort() override {
    error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  asio::awaitable<void> read_message() {
    buffer_.clear();
    pending_.clear();
    offset_ = 0;
    error_code ec;
    co_await ws_.async_read(buffer_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw_read_error(ec);
    const auto data = buffer_.cdata();
    const auto* bytes = static_cast<const std::uint8_t*>(data.data());
    if (!ws_.got_text()) {
      pending_.assign(bytes, bytes + data.size());
    } else if (mode_ == WebSocketMode::kUint8Utf8) {
      uint8utf8::decode({reinterpret_cast<const char*>(bytes), data.size()}, pending_);
    } else {
      throw ProtocolError(description_ +
                          " sent a text message although the binary subprotocol was chosen");
    }
  }

  [[noreturn]] void throw_read_error(const error_code& ec) const {
    if (ec == websocket::error::closed) {
      throw TransportError(description_ + " closed the connection (" + close_text(ws_.reason()) +
                           ")");
    }
    if (ec == asio::error::operation_aborted || closed_) {
      throw TransportError("the connection to " + description_ + " was closed");
    }
    if (ec == websocket::error::message_too_big) {
      throw TransportError(description_ + " sent a WebSocket message larger than " +
                           std::to_string(kMaxMessageBytes >> 20) + " MiB");
    }
    throw TransportError(description_ + " dropped the connection (" + ec.message() + ")");
  }

  std::shared_ptr<void> owner_;  // declared first: outlives ws_
  websocket::stream<NextLayer> ws_;
  WebSocketMode mode_;
  std::string description_;
  beast::flat_buffer buffer_;
  std::vector<std::uint8_t> pending_;
  std::size_t offset_ = 0;
  bool closed_ = false;
};

}  // namespace

std::optional<WebSocketMode> websocket_mode(std::string_view subprotocol) {
  if (subprotocol == kSubprotocolBinary) return WebSocketMode::kBinary;
  if (subprotocol == kSubprotocolUint8Utf8) return WebSocketMode::kUint8Utf8;
  return std::nullopt;
}

std::shared_ptr<ByteStream> make_websocket_stream(PlainWebSocket ws, WebSocketMode mode,
                                                  std::string description,
                                                  std::shared_ptr<void> owner) {
  return std::make_shared<WebSocketByteStream<beast::tcp_stream>>(
      std::move(ws), mode, std::move(description), std::move(owner));
}

std::shared_ptr<ByteStream> make_websocket_stream(TlsWebSocket ws, WebSocketMode mode,
                                                  std::string description,
                                                  std::shared_ptr<void> owner) {
  return std::make_shared<WebSocketByteStream<beast::ssl_stream<beast::tcp_stream>>>(
      std::move(ws), mode, std::move(description), std::move(owner));
}

}  // namespace mks::transport
