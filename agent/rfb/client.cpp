#include "agent/rfb/client.h"

#include <algorithm>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <string>

#include "agent/errors.h"
#include "agent/limits.h"
#include "agent/rfb/client_messages.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/handshake.h"
#include "agent/rfb/protocol.h"

namespace mks::rfb {
namespace {

namespace msg = client_message;

}  // namespace

Client::Client(transport::ByteStream& stream, ClientOptions options)
    : stream_(stream), options_(std::move(options)), in_(stream) {}

boost::asio::awaitable<bool> Client::start_within(std::chrono::milliseconds timeout) {
  auto fired = std::make_shared<bool>(false);
  boost::asio::steady_timer watchdog(stream_.get_executor(), timeout);
  watchdog.async_wait([fired, stream = &stream_](boost::system::error_code ec) {
    if (ec) return;
    *fired = true;
    boost::asio::co_spawn(stream->get_executor(), stream->close(), boost::asio::detached);
  });
  try {
    co_await start();
  } catch (const AgentError&) {
    if (!*fired) throw;
  }
  watchdog.cancel();
  co_return !*fired;
}

boost::asio::awaitable<void> Client::start() {
  server_ = co_await handshake(in_, stream_, options_.password);
  options_.password.clear();
  if (!server_.true_colour) {
    throw ProtocolError(
        "server uses a colour map (ServerInit true-colour flag 0); only true-colour servers "
        "are supported");
  }
  resize(server_.width, server_.height);
  if (!server_.is_bgrx()) stream_.send(msg::set_pixel_format_bgrx());
  const Dialect dialect = server_.direct_variant() ? Dialect::kWebMks : options_.dialect;
  stream_.send(msg::set_encodings(encodings_to_announce(dialect, options_.encoding)));
  request_update(0);
}

bool Client::takes_scancodes() const {
  // VMware's rule (webmks-protocol.md §5): the KeyEvent cap, or a VMware cursor after the
  // RFB handshake; a direct-variant server is WebMKS by construction (unless it is authd's).
  return (server_caps_ & server_caps::kKeyEvent) != 0 || saw_cursor_state_ ||
         (server_.direct_variant() && options_.direct_takes_scancodes);
}

void Client::key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  if (takes_scancodes()) {
    stream_.send(msg::vmw_key_event(scancode, down));
  } else if (qemu_key_events_) {
    stream_.send(msg::qemu_key_event(keysym, scancode, down));
  } else {
    stream_.send(msg::key_event(keysym, down));
  }
}

void Client::pointer(int x, int y, std::uint8_t buttons) {
  x = std::clamp(x, 0, std::max(0, framebuffer_.width() - 1));
  y = std::clamp(y, 0, std::max(0, framebuffer_.height() - 1));
  stream_.send(
      msg::pointer_event(buttons, static_cast<std::uint16_t>(x), static_cast<std::uint16_t>(y)));
}

void Client::resize(int width, int height) {
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width <= 0 || height <= 0 || width > codecs::Image::kMaxSide ||
      height > codecs::Image::kMaxSide) {
    throw ProtocolError("server announced a " + size + " framebuffer (sides must be 1 to " +
                        std::to_string(codecs::Image::kMaxSide) + ")");
  }
  const std::uint64_t bytes = std::uint64_t(width) * std::uint64_t(height) * 4;
  if (bytes > options_.max_framebuffer_bytes) {
    throw ProtocolError("server announced a " + size + " framebuffer (" + limits::size_text(bytes) +
                        "), over the per-session limit of " +
                        limits::size_text(options_.max_framebuffer_bytes));
  }
  framebuffer_ = codecs::Image();  // the old one goes first: never two in memory at once
  framebuffer_ = codecs::Image(width, height);
  coverage_.reset(width, height);
  full_frame_ = false;
}

boost::asio::awaitable<void> Client::run() {
  for (;;) {
    auto type = static_cast<ServerMessage>(co_await in_.u8());
    switch (type) {
      case ServerMessage::kFramebufferUpdate:
        co_await read_update();
        break;
      case ServerMessage::kSetColourMapEntries: {
        co_await in_.skip(3);
        std::uint16_t count = co_await in_.u16();
        co_await in_.skip(std::size_t{count} * 6);
        break;
      }
      case ServerMessage::kBell:
        break;
      case ServerMessage::kServerCutText:
        co_await read_cut_text();
        break;
      case ServerMessage::kVmware:
        co_await read_vmware_message();
        break;
      case ServerMessage::kEndOfContinuousUpdates:
        end_of_continuous_updates();
        break;
      case ServerMessage::kServerFence:
        co_await read_server_fence();
        break;
      default:
        throw ProtocolError("unknown server message type " +
                            std::to_string(static_cast<int>(type)));
    }
  }
}

boost::asio::awaitable<void> Client::read_update() {
  const auto started = std::chrono::steady_clock::now();
  std::uint8_t update_id = co_await in_.u8();
  std::uint16_t count = co_await in_.u16();
  in_update_ = true;
  update_rects_.clear();
  for (std::uint16_t i = 0; i < count; ++i) {
    if (!co_await read_rectangle()) break;
  }
  in_update_ = false;
  full_frame_ = coverage_.complete();
  ++updates_;
  request_next(update_id, std::chrono::steady_clock::now() - started);
  if (observers.on_update) observers.on_update(update_rects_);
}

boost::asio::awaitable<void> Client::read_cut_text() {
  co_await in_.skip(3);
  std::uint32_t length = co_await in_.u32();
  // Clipboard text is not what a console session is for: oversized text (or the extended
  // clipboard's 0x80000000 flag, never announced here) is read past in bounded steps and
  // dropped, and the session goes on.
  if (length > limits::kMaxCutText) {
    co_await in_.skip(length);
    ++cut_texts_dropped_;
    co_return;
  }
  auto text = co_await in_.read(length);
  cut_text_.assign(text.begin(), text.end());
}

}  // namespace mks::rfb
