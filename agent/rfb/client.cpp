#include "agent/rfb/client.h"

#include <algorithm>
#include <array>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client_messages.h"
#include "agent/rfb/handshake.h"
#include "agent/rfb/protocol.h"
#include "codecs/byte_order.h"
#include "codecs/copyrect_decoder.h"
#include "codecs/decode_error.h"
#include "codecs/raw_decoder.h"
#include "codecs/tightpng_decoder.h"

namespace mks::rfb {
namespace {

namespace msg = client_message;
constexpr std::uint32_t kMaxCutText = 16 * 1024 * 1024;

// What this client decodes, best first. Not announced: TightDiffComp, UpdateCache and
// OffscreenCopyRect (VMware extensions a headless client has no use for).
constexpr std::array<std::int32_t, 11> kEncodings = {
    encoding::kTightPng,          encoding::kCopyRect,         encoding::kRaw,
    encoding::kDesktopSize,       encoding::kVmwDefineCursor,  encoding::kVmwCursorState,
    encoding::kVmwCursorPosition, encoding::kVmwTypematicInfo, encoding::kVmwLedState,
    encoding::kVmwServerCaps,     encoding::kVmwFrameStamp,
};

std::string describe(const codecs::Rect& r) {
  return std::to_string(r.w) + "x" + std::to_string(r.h) + " at " + std::to_string(r.x) + "," +
         std::to_string(r.y);
}

}  // namespace

Client::Client(transport::ByteStream& stream) : stream_(stream), in_(stream) {}

boost::asio::awaitable<void> Client::start() {
  server_ = co_await handshake(in_, stream_);
  if (!server_.true_colour) {
    throw ProtocolError(
        "server uses a colour map (ServerInit true-colour flag 0); only true-colour servers "
        "are supported");
  }
  resize(server_.width, server_.height);
  if (!server_.is_bgrx()) stream_.send(msg::set_pixel_format_bgrx());
  stream_.send(msg::set_encodings(kEncodings));
  stream_.send(msg::update_request(0, static_cast<std::uint16_t>(server_.width),
                                   static_cast<std::uint16_t>(server_.height)));
}

bool Client::takes_scancodes() const {
  // VMware's rule (webmks-protocol.md §5): the KeyEvent cap, or a VMware cursor after the
  // RFB handshake; a direct-variant server is WebMKS by construction.
  return (server_caps_ & server_caps::kKeyEvent) != 0 || saw_cursor_state_ ||
         server_.direct_variant();
}

void Client::key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  stream_.send(takes_scancodes() ? msg::vmw_key_event(scancode, down)
                                 : msg::key_event(keysym, down));
}

void Client::pointer(int x, int y, std::uint8_t buttons) {
  x = std::clamp(x, 0, std::max(0, framebuffer_.width() - 1));
  y = std::clamp(y, 0, std::max(0, framebuffer_.height() - 1));
  stream_.send(
      msg::pointer_event(buttons, static_cast<std::uint16_t>(x), static_cast<std::uint16_t>(y)));
}

void Client::resize(int width, int height) {
  if (width <= 0 || height <= 0 || width > codecs::Image::kMaxSide ||
      height > codecs::Image::kMaxSide) {
    throw ProtocolError("server announced a " + std::to_string(width) + "x" +
                        std::to_string(height) + " framebuffer (sides must be 1 to " +
                        std::to_string(codecs::Image::kMaxSide) + ")");
  }
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
  for (std::uint16_t i = 0; i < count; ++i) co_await read_rectangle();
  in_update_ = false;
  full_frame_ = coverage_.complete();
  ++updates_;
  request_next(update_id, std::chrono::steady_clock::now() - started);
  if (observers.on_update) observers.on_update(update_rects_);
}

void Client::request_next(std::uint8_t update_id, std::chrono::steady_clock::duration decode_time) {
  if (server_caps_ & server_caps::kUpdateAck) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(decode_time).count();
    stream_.send(msg::vmw_update_ack(update_id, static_cast<std::uint32_t>(ms)));
    return;
  }
  // WebMKS servers put an update id where RFB has padding and expect it back as the
  // incremental flag (webmks-protocol.md §3.1); plain RFB servers get incremental requests
  // once the whole screen has arrived.
  const bool vmware = saw_caps_ || server_.direct_variant();
  std::uint8_t incremental = vmware ? update_id : (coverage_.complete() ? 1 : 0);
  stream_.send(msg::update_request(incremental, static_cast<std::uint16_t>(framebuffer_.width()),
                                   static_cast<std::uint16_t>(framebuffer_.height())));
}

void Client::check_inside(const codecs::Rect& r, const char* encoding) const {
  if (!framebuffer_.contains(r)) {
    throw ProtocolError(std::string(encoding) + " rectangle " + describe(r) + " is outside the " +
                        std::to_string(framebuffer_.width()) + "x" +
                        std::to_string(framebuffer_.height()) + " framebuffer");
  }
}

void Client::painted(const codecs::Rect& r) {
  coverage_.mark(r);
  update_rects_.push_back(r);
}

boost::asio::awaitable<void> Client::read_rectangle() {
  auto header = co_await in_.read(12);
  const codecs::Rect r{codecs::load_be16(&header[0]), codecs::load_be16(&header[2]),
                       codecs::load_be16(&header[4]), codecs::load_be16(&header[6])};
  const std::int32_t enc = codecs::load_be_s32(&header[8]);
  try {
    switch (enc) {
      case encoding::kRaw: {
        check_inside(r, "Raw");
        auto payload = co_await in_.read(codecs::raw_payload_size(r));
        codecs::decode_raw(payload, r, framebuffer_);
        painted(r);
        break;
      }
      case encoding::kCopyRect:
        co_await read_copyrect(r);
        break;
      case encoding::kTightPng:
        co_await read_tightpng(r);
        break;
      case encoding::kDesktopSize:
        resize(r.w, r.h);
        if (observers.on_resize) observers.on_resize(r.w, r.h);
        break;
      case encoding::kVmwDefineCursor:
        co_await read_cursor(r);
        break;
      case encoding::kVmwCursorState:
        cursor_visible_ = (co_await in_.u16() & 1) != 0;
        saw_cursor_state_ = true;
        break;
      case encoding::kVmwCursorPosition:
        cursor_x_ = r.x;
        cursor_y_ = r.y;
        break;
      case encoding::kVmwTypematicInfo:
        co_await in_.skip(10);
        break;
      case encoding::kVmwLedState:
        leds_ = co_await in_.u32();
        if (observers.on_leds) observers.on_leds(leds_);
        break;
      case encoding::kVmwFrameStamp:
        co_await in_.skip(8);
        break;
      default:
        throw ProtocolError("server sent unsupported rectangle encoding " + std::to_string(enc) +
                            " (rectangle " + describe(r) + ")");
    }
  } catch (const codecs::DecodeError& e) {
    throw ProtocolError(std::string("bad rectangle ") + describe(r) + ": " + e.what());
  }
}

boost::asio::awaitable<void> Client::read_copyrect(const codecs::Rect& r) {
  check_inside(r, "CopyRect");
  auto payload = co_await in_.read(codecs::kCopyRectPayloadSize);
  const codecs::Rect source{codecs::load_be16(&payload[0]), codecs::load_be16(&payload[2]), r.w,
                            r.h};
  // Copying pixels the server never painted paints nothing.
  const bool source_painted = framebuffer_.contains(source) && coverage_.covers(source);
  codecs::decode_copyrect(payload, r, framebuffer_);
  if (source_painted) painted(r);
}

boost::asio::awaitable<void> Client::read_tightpng(const codecs::Rect& r) {
  check_inside(r, "TightPNG");
  const std::uint8_t control = co_await in_.u8();
  std::vector<std::uint8_t> payload(1, control);
  if ((payload[0] & 0xF0) == codecs::tightpng::kFill) {
    auto rgb = co_await in_.read(3);
    payload.insert(payload.end(), rgb.begin(), rgb.end());
  } else {
    std::optional<codecs::tightpng::CompactLength> length;
    while (!length) {
      payload.push_back(co_await in_.u8());
      length = codecs::tightpng::read_compact_length(std::span(payload).subspan(1));
    }
    if (length->value > codecs::tightpng::kMaxDataLength) {
      throw ProtocolError("TightPNG rectangle " + describe(r) + " announces " +
                          std::to_string(length->value) + " bytes, over the limit");
    }
    auto data = co_await in_.read(length->value);
    payload.insert(payload.end(), data.begin(), data.end());
  }
  codecs::tightpng::decode(payload, r, framebuffer_);
  painted(r);
}

boost::asio::awaitable<void> Client::read_cursor(const codecs::Rect& r) {
  auto header = co_await in_.read(codecs::kVmwDefineCursorHeaderSize);
  std::vector<std::uint8_t> payload(header.begin(), header.end());
  const std::size_t total = codecs::vmw_define_cursor_payload_size(payload[0], r);
  auto body = co_await in_.read(total - payload.size());
  payload.insert(payload.end(), body.begin(), body.end());
  cursor_ = codecs::decode_vmw_define_cursor(payload, r);
}

boost::asio::awaitable<void> Client::read_cut_text() {
  co_await in_.skip(3);
  std::uint32_t length = co_await in_.u32();
  if (length > kMaxCutText) {
    throw ProtocolError("server sent " + std::to_string(length) +
                        " bytes of clipboard text, over the limit");
  }
  auto text = co_await in_.read(length);
  cut_text_.assign(text.begin(), text.end());
}

}  // namespace mks::rfb
