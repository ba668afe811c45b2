// Client: the rectangles of a FramebufferUpdate, one encoding or pseudo-encoding each.
#include <algorithm>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/handshake.h"
#include "agent/rfb/protocol.h"
#include "codecs/byte_order.h"
#include "codecs/copyrect_decoder.h"
#include "codecs/decode_error.h"
#include "codecs/raw_decoder.h"
#include "codecs/rfb_cursor.h"
#include "codecs/tightpng_decoder.h"

namespace mks::rfb {
namespace {

constexpr std::size_t kExtendedDesktopSizeScreenSize = 16;

std::string describe(const codecs::Rect& r) {
  return std::to_string(r.w) + "x" + std::to_string(r.h) + " at " + std::to_string(r.x) + "," +
         std::to_string(r.y);
}

}  // namespace

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

void Client::resized(int width, int height) {
  resize(width, height);
  if (continuous_updates_) enable_continuous_updates();  // the old area is the old size
  if (observers.on_resize) observers.on_resize(width, height);
}

void Client::leds_changed(std::uint32_t leds) {
  leds_ = leds;
  if (observers.on_leds) observers.on_leds(leds_);
}

boost::asio::awaitable<bool> Client::read_rectangle() {
  auto header = co_await in_.read(12);
  const codecs::Rect r{codecs::load_be16(&header[0]), codecs::load_be16(&header[2]),
                       codecs::load_be16(&header[4]), codecs::load_be16(&header[6])};
  const std::int32_t enc = codecs::load_be_s32(&header[8]);
  if (enc == encoding::kLastRect) co_return false;
  try {
    switch (enc) {
      case encoding::kRaw:
        co_await read_raw(r);
        break;
      case encoding::kCopyRect:
        co_await read_copyrect(r);
        break;
      case encoding::kTightPng:
        co_await read_tightpng(r);
        break;
      case encoding::kZlib:
        co_await read_incremental(zlib_, r);
        break;
      case encoding::kHextile:
        co_await read_incremental(hextile_, r);
        break;
      case encoding::kZrle:
        co_await read_incremental(zrle_, r);
        break;
      case encoding::kTight:
        co_await read_incremental(tight_, r);
        break;
      default:
        co_await read_pseudo_rectangle(r, enc);
        co_return true;
    }
  } catch (const codecs::DecodeError& e) {
    throw ProtocolError(std::string("bad rectangle ") + describe(r) + ": " + e.what());
  }
  ++rectangles_by_encoding_[enc];
  co_return true;
}

boost::asio::awaitable<void> Client::read_pseudo_rectangle(const codecs::Rect& r,
                                                           std::int32_t enc) {
  switch (enc) {
    case encoding::kDesktopSize:
      resized(r.w, r.h);
      break;
    case encoding::kExtendedDesktopSize:
      co_await read_extended_desktop_size(r);
      break;
    case encoding::kDesktopName:
      co_await read_desktop_name();
      break;
    case encoding::kRichCursor:
      co_await read_rich_cursor(r);
      break;
    case encoding::kCursorWithAlpha:
      co_await read_alpha_cursor(r);
      break;
    case encoding::kQemuExtendedKeyEvent:
      qemu_key_events_ = true;
      break;
    case encoding::kQemuLedState:
      leds_changed(co_await in_.u8());
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
      leds_changed(co_await in_.u32());
      break;
    case encoding::kVmwFrameStamp:
      co_await in_.skip(8);
      break;
    default:
      throw ProtocolError("server sent unsupported rectangle encoding " + std::to_string(enc) +
                          " (rectangle " + describe(r) + ")");
  }
}

// Encodings whose length is learned while reading: the decoder says how much comes next.
boost::asio::awaitable<void> Client::read_incremental(codecs::RectDecoder& decoder,
                                                      const codecs::Rect& r) {
  decoder.begin(r, framebuffer_);
  while (const std::size_t n = decoder.wanted()) decoder.feed(co_await in_.read(n));
  painted(r);
}

boost::asio::awaitable<void> Client::read_extended_desktop_size(const codecs::Rect& r) {
  const std::uint8_t screens = co_await in_.u8();
  co_await in_.skip(3 + std::size_t{screens} * kExtendedDesktopSizeScreenSize);
  // x is the reason, y the status: non-zero answers a SetDesktopSize (never sent here).
  if (r.y != 0) co_return;
  if (r.w != framebuffer_.width() || r.h != framebuffer_.height()) resized(r.w, r.h);
}

boost::asio::awaitable<void> Client::read_desktop_name() {
  const std::uint32_t length = co_await in_.u32();
  check_desktop_name_length(length);
  auto name = co_await in_.read(length);
  server_.name.assign(name.begin(), name.end());
}

// In bands of rows, so a screen-sized Raw rectangle never needs a screen-sized read buffer.
boost::asio::awaitable<void> Client::read_raw(const codecs::Rect& r) {
  constexpr std::size_t kBandBytes = 256 * 1024;
  check_inside(r, "Raw");
  const std::size_t row_bytes = codecs::raw_payload_size({0, 0, r.w, 1});
  const int band_rows =
      static_cast<int>(std::max<std::size_t>(1, kBandBytes / std::max<std::size_t>(row_bytes, 1)));
  for (int y = 0; y < r.h; y += band_rows) {
    const codecs::Rect band{r.x, r.y + y, r.w, std::min(band_rows, r.h - y)};
    auto payload = co_await in_.read(codecs::raw_payload_size(band));
    codecs::decode_raw(payload, band, framebuffer_);
  }
  painted(r);
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

boost::asio::awaitable<void> Client::read_rich_cursor(const codecs::Rect& r) {
  auto payload = co_await in_.read(codecs::rich_cursor_payload_size(r));
  cursor_ = codecs::decode_rich_cursor(payload, r);
}

boost::asio::awaitable<void> Client::read_alpha_cursor(const codecs::Rect& r) {
  const std::int32_t enc = static_cast<std::int32_t>(co_await in_.u32());
  if (enc != encoding::kRaw) {
    throw ProtocolError("server sent a cursor with alpha in encoding " + std::to_string(enc) +
                        "; only Raw is supported");
  }
  auto payload = co_await in_.read(codecs::alpha_cursor_payload_size(r));
  cursor_ = codecs::decode_alpha_cursor(payload, r);
}

}  // namespace mks::rfb
