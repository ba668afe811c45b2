#include "agent/transport/websocket_byte_stream.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <cstring>

#include "agent/errors.h"
#include "agent/limits.h"
#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/uint8utf8.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

// Framebuffer updates of a large screen arrive as one message. Beast refuses a longer
// message from its frame header, before reading or allocating the payload.
constexpr std::size_t kMaxMessageBytes = limits::kMaxWebSocketMessage;
constexpr std::chrono::milliseconds kCloseTimeout{2000};
constexpr std::chrono::milliseconds kCloseWatchStep{250};

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
        description_(std::move(description)),
        closing_watch_(ws_.get_executor()) {
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
    while (unread_.empty()) co_await read_message();
    const std::size_t n = std::min(buffer.size(), unread_.size());
    std::memcpy(buffer.data(), unread_.data(), n);
    unread_ = unread_.subspan(n);
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
    unread_ = {};
    release_large_buffers();
    error_code ec;
    reading_ = true;
    closing_since_.reset();
    watch_for_stalled_close();
    co_await ws_.async_read(buffer_, asio::redirect_error(asio::use_awaitable, ec));
    reading_ = false;
    closing_watch_.cancel();
    if (ec) throw_read_error(ec);
    const auto data = buffer_.cdata();
    const auto* bytes = static_cast<const std::uint8_t*>(data.data());
    if (!ws_.got_text()) {
      unread_ = {bytes, data.size()};  // read straight from Beast's buffer: no second copy
    } else if (mode_ == WebSocketMode::kUint8Utf8) {
      uint8utf8::decode({reinterpret_cast<const char*>(bytes), data.size()}, pending_);
      unread_ = pending_;
    } else {
      throw ProtocolError(description_ +
                          " sent a text message although the binary subprotocol was chosen");
    }
  }

  // Beast fails a connection (a protocol violation, a message over the limit, or the server's
  // close frame) by sending a close frame and then waiting for the server to close TCP first
  // (RFC 6455 §7.1.1), with no timer armed on that path: a server that keeps the socket open
  // would hold the read forever. The stream is checked every kCloseWatchStep; once it is seen
  // no longer open, the server has kCloseTimeout to close before the read is ended here.
  void watch_for_stalled_close() {
    closing_watch_.expires_after(kCloseWatchStep);
    closing_watch_.async_wait([weak = weak_from_this(), this](const error_code& ec) {
      if (ec || weak.expired() || !reading_) return;
      if (!ws_.is_open()) {
        if (!closing_since_) closing_since_ = std::chrono::steady_clock::now();
        if (std::chrono::steady_clock::now() - *closing_since_ >= kCloseTimeout) {
          stalled_close_ = true;
          abort();
          return;
        }
      }
      watch_for_stalled_close();
    });
  }

  // One large update must not keep its memory for the rest of the session.
  void release_large_buffers() {
    if (buffer_.capacity() > limits::kRetainedBuffer) buffer_.shrink_to_fit();
    if (pending_.capacity() > limits::kRetainedBuffer) pending_.shrink_to_fit();
  }

  [[noreturn]] void throw_read_error(const error_code& ec) const {
    if (ec == websocket::error::closed) {
      throw TransportError(description_ + " closed the connection (" + close_text(ws_.reason()) +
                           ")");
    }
    if (stalled_close_) {
      throw TransportError(description_ +
                           " broke the WebSocket protocol or sent a message over the limit of " +
                           limits::size_text(kMaxMessageBytes) + ", and did not close within " +
                           std::to_string(kCloseTimeout.count() / 1000) + " s");
    }
    if (ec == asio::error::operation_aborted || closed_) {
      throw TransportError("the connection to " + description_ + " was closed");
    }
    if (ec == websocket::error::message_too_big) {
      throw TransportError(description_ + " sent a WebSocket message larger than the limit of " +
                           limits::size_text(kMaxMessageBytes));
    }
    // Masked server frames, control frames over 125 bytes or fragmented, lengths with the top
    // bit set, bad opcodes, bad close codes: Beast checks each frame header (RFC 6455 §5).
    if (ec == websocket::condition::protocol_violation) {
      throw TransportError(description_ + " broke the WebSocket protocol (" + ec.message() + ")");
    }
    throw TransportError(description_ + " dropped the connection (" + ec.message() + ")");
  }

  std::shared_ptr<void> owner_;  // declared first: outlives ws_
  websocket::stream<NextLayer> ws_;
  WebSocketMode mode_;
  std::string description_;
  beast::flat_buffer buffer_;
  std::vector<std::uint8_t> pending_;     // a decoded uint8utf8 text message
  std::span<const std::uint8_t> unread_;  // what read_some has not handed out yet
  bool closed_ = false;
  asio::steady_timer closing_watch_;
  bool reading_ = false;
  std::optional<std::chrono::steady_clock::time_point> closing_since_;
  bool stalled_close_ = false;
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
