#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agent/rfb/client_options.h"
#include "agent/rfb/coverage.h"
#include "agent/rfb/server_init.h"
#include "agent/rfb/stream_reader.h"
#include "agent/transport/byte_stream.h"
#include "codecs/hextile_decoder.h"
#include "codecs/image.h"
#include "codecs/tight_decoder.h"
#include "codecs/vmw_cursor.h"
#include "codecs/zlib_decoder.h"
#include "codecs/zrle_decoder.h"

namespace mks::rfb {

// Callbacks from the message loop. Each runs inside run(), between messages: keep it short.
struct ClientObservers {
  // A FramebufferUpdate was read and drawn completely; the painted rectangles, in order.
  std::function<void(std::span<const codecs::Rect>)> on_update;
  // The framebuffer was resized (DesktopSize) and is unpainted again.
  std::function<void(int width, int height)> on_resize;
  // VMWLEDState or QEMU LED state: led::kScrollLock | kNumLock | kCapsLock.
  std::function<void(std::uint32_t leds)> on_leds;
  // The server announced it is closing the session (VMware SessionClose).
  std::function<void(std::uint32_t reason)> on_session_close;
};

// The client side of one RFB / WebMKS connection: handshake, the server message loop that
// keeps the framebuffer, and the input messages. Single-threaded: all calls on the stream's
// executor.
class Client {
 public:
  explicit Client(transport::ByteStream& stream, ClientOptions options = {});

  // Handshake (either variant), SetPixelFormat when needed, SetEncodings, first request.
  boost::asio::awaitable<void> start();
  // start(), but a server that accepts the connection and then says nothing must not hang us:
  // at `timeout` the stream is closed, which ends the pending read. False then (the caller
  // says what timed out); the handshake's own errors are thrown as by start().
  boost::asio::awaitable<bool> start_within(std::chrono::milliseconds timeout);
  // Reads server messages until the stream fails; always ends by throwing
  // (TransportError when the server closed, ProtocolError for a broken message).
  boost::asio::awaitable<void> run();

  boost::asio::any_io_executor executor() { return stream_.get_executor(); }
  const ServerInit& server() const { return server_; }
  const codecs::Image& framebuffer() const { return framebuffer_; }
  // Every pixel painted since connect or the last resize, as of the last complete update.
  bool full_frame() const { return full_frame_; }
  // True while run() is between the header and the last rectangle of an update: the
  // framebuffer is then partly old, partly new.
  bool in_update() const { return in_update_; }
  std::uint32_t server_caps() const { return server_caps_; }
  std::uint32_t leds() const { return leds_; }
  bool takes_scancodes() const;
  const std::optional<codecs::CursorShape>& cursor() const { return cursor_; }
  bool cursor_visible() const { return cursor_visible_; }
  int cursor_x() const { return cursor_x_; }
  int cursor_y() const { return cursor_y_; }
  std::optional<std::uint32_t> session_close_reason() const { return session_close_reason_; }
  const std::string& reconnect_token() const { return reconnect_token_; }
  const std::string& cut_text() const { return cut_text_; }
  // ServerCutText messages over limits::kMaxCutText, read past and dropped.
  std::uint64_t cut_texts_dropped() const { return cut_texts_dropped_; }
  std::uint64_t updates() const { return updates_; }
  // Rectangles drawn so far, by encoding number (what the server chose).
  const std::map<std::int32_t, std::uint64_t>& rectangles_by_encoding() const {
    return rectangles_by_encoding_;
  }
  // The server acknowledged QEMU extended key events: keys go out as scancodes.
  bool qemu_key_events() const { return qemu_key_events_; }
  // Continuous updates are on: the server pushes changes, no incremental requests go out.
  bool continuous_updates() const { return continuous_updates_; }
  // FramebufferUpdateRequests sent so far (WebMKS acks not counted).
  std::uint64_t update_requests() const { return update_requests_; }
  // Server fence requests answered so far.
  std::uint64_t fences_answered() const { return fences_answered_; }
  // QEMU's refresh timer was restarted while the first frame was awaited (client_flow.cpp).
  bool woke_qemu_refresh() const { return woke_qemu_refresh_; }

  ClientObservers observers;

  // A key press or release: a VMware scancode event when the server takes them, a QEMU
  // extended key event (scancode and keysym) when QEMU acknowledged those, else an RFB
  // KeyEvent with `keysym`.
  void key(std::uint16_t scancode, std::uint32_t keysym, bool down);
  // Absolute pointer position in framebuffer pixels (clamped); buttons bit 0 left, 1 middle,
  // 2 right.
  void pointer(int x, int y, std::uint8_t buttons);
  // VMware SessionClose before disconnecting, when the server's caps ask for it.
  void say_goodbye();

 private:
  boost::asio::awaitable<void> read_update();
  // False for LastRect: the update ends there.
  boost::asio::awaitable<bool> read_rectangle();
  boost::asio::awaitable<void> read_pseudo_rectangle(const codecs::Rect& r, std::int32_t enc);
  boost::asio::awaitable<void> read_incremental(codecs::RectDecoder& decoder,
                                                const codecs::Rect& r);
  boost::asio::awaitable<void> read_extended_desktop_size(const codecs::Rect& r);
  boost::asio::awaitable<void> read_desktop_name();
  boost::asio::awaitable<void> read_rich_cursor(const codecs::Rect& r);
  boost::asio::awaitable<void> read_alpha_cursor(const codecs::Rect& r);
  boost::asio::awaitable<void> read_cut_text();
  boost::asio::awaitable<void> read_vmware_message();
  boost::asio::awaitable<void> read_tightpng(const codecs::Rect& r);
  boost::asio::awaitable<void> read_copyrect(const codecs::Rect& r);
  boost::asio::awaitable<void> read_raw(const codecs::Rect& r);
  boost::asio::awaitable<void> read_cursor(const codecs::Rect& r);
  void server_caps_changed(std::uint32_t caps);
  void check_inside(const codecs::Rect& r, const char* encoding) const;
  void painted(const codecs::Rect& r);
  void resize(int width, int height);
  void resized(int width, int height);
  void leds_changed(std::uint32_t leds);
  void request_next(std::uint8_t update_id, std::chrono::steady_clock::duration decode_time);
  void request_update(std::uint8_t incremental);
  void wake_qemu_refresh();
  void enable_continuous_updates();
  void end_of_continuous_updates();
  boost::asio::awaitable<void> read_server_fence();

  transport::ByteStream& stream_;
  ClientOptions options_;
  StreamReader in_;
  ServerInit server_;
  codecs::Image framebuffer_;
  Coverage coverage_;
  bool full_frame_ = false;
  bool in_update_ = false;
  std::vector<codecs::Rect> update_rects_;
  std::uint32_t server_caps_ = 0;
  bool saw_caps_ = false;
  bool saw_cursor_state_ = false;
  std::uint32_t leds_ = 0;
  std::optional<codecs::CursorShape> cursor_;
  bool cursor_visible_ = true;
  int cursor_x_ = 0;
  int cursor_y_ = 0;
  std::optional<std::uint32_t> session_close_reason_;
  std::string reconnect_token_;
  std::string cut_text_;
  std::uint64_t cut_texts_dropped_ = 0;
  std::uint64_t updates_ = 0;
  std::map<std::int32_t, std::uint64_t> rectangles_by_encoding_;
  bool qemu_key_events_ = false;
  bool continuous_updates_ = false;
  std::uint64_t update_requests_ = 0;
  std::uint64_t fences_answered_ = 0;
  bool woke_qemu_refresh_ = false;
  // Zlib-based decoders keep their streams for the whole connection.
  codecs::ZlibDecoder zlib_;
  codecs::HextileDecoder hextile_;
  codecs::ZrleDecoder zrle_;
  codecs::TightDecoder tight_;
};

}  // namespace mks::rfb
