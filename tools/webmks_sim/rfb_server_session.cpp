#include "tools/webmks_sim/rfb_server_session.h"

#include <spdlog/spdlog.h>

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/errors.h"
#include "agent/rfb/protocol.h"
#include "codecs/tightpng_encoder.h"
#include "tools/webmks_sim/tiler.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

constexpr std::uint8_t kUpdateRequestId = 1;
constexpr std::uint8_t kClientInitShared = 1;
// Beyond this many pending dirty rectangles the next update is simply the whole screen.
constexpr std::size_t kMaxDirtyRects = 512;

bool cancelled(const asio::cancellation_state& state) {
  return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace

RfbServerSession::RfbServerSession(transport::ByteStream& stream, Machine& machine,
                                   SessionOptions options, EventSink events, std::string peer)
    : stream_(stream),
      machine_(machine),
      options_(std::move(options)),
      events_(std::move(events)),
      peer_(std::move(peer)),
      reader_(stream),
      wake_(stream.get_executor()) {
  machine_.add_observer(this);
}

RfbServerSession::~RfbServerSession() {
  machine_.remove_observer(this);
}

asio::awaitable<void> RfbServerSession::run() {
  const bool ready = co_await handshake();
  if (!ready) co_return;
  // `||` cancels the other loops only when one returns without an exception, so the reader
  // turns the end of the connection into a normal return.
  co_await (read_loop() || update_loop() || heartbeat_loop());
}

asio::awaitable<bool> RfbServerSession::handshake() {
  try {
    co_await exchange_init();
    co_return true;
  } catch (const AgentError& error) {
    report(error);
  }
  co_return false;
}

void RfbServerSession::report(const AgentError& error) {
  if (dynamic_cast<const ProtocolError*>(&error) == nullptr) {
    spdlog::debug("{}: {}", peer_, error.what());
    return;
  }
  spdlog::warn("{}: protocol error: {}", peer_, error.what());
  emit({{"event", "protocol-error"}, {"peer", peer_}, {"error", error.what()}});
}

asio::awaitable<void> RfbServerSession::exchange_init() {
  if (options_.handshake == Handshake::kRfb) {
    stream_.send(ByteWriter().text(msg::kVersion).take());
    std::string version(msg::kVersion.size(), '\0');
    co_await reader_.read({reinterpret_cast<std::uint8_t*>(version.data()), version.size()});
    if (!version.starts_with("RFB 003.00") || !version.ends_with("\n")) {
      throw ProtocolError("client sent no RFB 3.x version string");
    }
    stream_.send(msg::security_types_none());
    const auto chosen = co_await reader_.u8();
    if (chosen != rfb::security::kNone) {
      throw ProtocolError("client chose security type " + std::to_string(chosen));
    }
    stream_.send(msg::security_result_ok());
    const std::uint8_t shared = co_await reader_.u8();
    if (shared != kClientInitShared) spdlog::debug("{}: exclusive ClientInit", peer_);
  }
  const auto& fb = machine_.framebuffer();
  stream_.send(msg::server_init(fb.width(), fb.height(), options_.name));
}

asio::awaitable<void> RfbServerSession::read_loop() {
  try {
    for (;;) {
      const std::uint8_t type = co_await reader_.u8();
      co_await on_message(type);
      ++messages_;
    }
  } catch (const AgentError& error) {
    report(error);
  }
}

asio::awaitable<void> RfbServerSession::update_loop() {
  // Read once: after a cancellation every further co_await would throw.
  const auto state = co_await asio::this_coro::cancellation_state;
  try {
    while (closing_.empty()) {
      if (update_due()) {
        send_update();
        continue;
      }
      wake_.expires_at(asio::steady_timer::time_point::max());
      boost::system::error_code ec;
      co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (cancelled(state)) co_return;
    }
    emit({{"event", "session-ended"}, {"peer", peer_}, {"reason", closing_}});
  } catch (const std::exception& error) {
    // A simulator bug: end this session (the reader fails once the stream is closed).
    spdlog::error("{}: update failed: {}", peer_, error.what());
    emit({{"event", "session-error"}, {"peer", peer_}, {"error", error.what()}});
  }
  co_await stream_.close();
}

asio::awaitable<void> RfbServerSession::heartbeat_loop() {
  const auto state = co_await asio::this_coro::cancellation_state;
  asio::steady_timer timer(stream_.get_executor());
  for (std::uint16_t beat = 0;; ++beat) {
    if (options_.heartbeat.count() > 0) {
      timer.expires_after(options_.heartbeat);
    } else {
      timer.expires_at(asio::steady_timer::time_point::max());
    }
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (cancelled(state)) co_return;
    stream_.send(msg::heartbeat(beat));
  }
}

bool RfbServerSession::announced(std::int32_t encoding) const {
  return std::find(encodings_.begin(), encodings_.end(), encoding) != encodings_.end();
}

bool RfbServerSession::update_due() const {
  const bool leds = leds_pending_ && announced(rfb::encoding::kVmwLedState);
  return may_send_ && (full_pending_ || !dirty_.empty() || leds);
}

void RfbServerSession::send_update() {
  const auto& fb = machine_.framebuffer();
  msg::Update update;
  add_size(update);
  if (!cursor_sent_ && announced(rfb::encoding::kVmwCursorState)) {
    update.cursor_state(true);
    cursor_sent_ = true;
  }
  if (leds_pending_ && announced(rfb::encoding::kVmwLedState)) update.led_state(machine_.leds());
  leds_pending_ = false;
  const codecs::Rect everything = fb.bounds();
  const auto tiles = full_pending_ ? tile_dirty({&everything, 1}, everything, options_.tile)
                                   : tile_dirty(dirty_, everything, options_.tile);
  for (const auto& r : tiles)
    update.rect(r, rfb::encoding::kTightPng, codecs::tightpng::encode(fb, r));
  dirty_.clear();
  full_pending_ = false;
  if (update.count() == 0) return;
  may_send_ = false;
  stream_.send(update.finish(kUpdateRequestId));
}

void RfbServerSession::add_size(msg::Update& update) {
  if (!size_pending_) return;
  const auto& fb = machine_.framebuffer();
  update.rect({0, 0, fb.width(), fb.height()}, rfb::encoding::kDesktopSize, {});
  size_pending_ = false;
}

void RfbServerSession::grant_update(bool full) {
  may_send_ = true;
  full_pending_ = full_pending_ || full;
  wake();
}

void RfbServerSession::screen_changed(std::span<const codecs::Rect> dirty) {
  if (dirty_.size() + dirty.size() > kMaxDirtyRects) {
    dirty_.clear();
    full_pending_ = true;
  } else {
    dirty_.insert(dirty_.end(), dirty.begin(), dirty.end());
  }
  wake();
}

void RfbServerSession::leds_changed(std::uint32_t) {
  leds_pending_ = true;
  wake();
}

void RfbServerSession::screen_resized(int width, int height) {
  if (!announced(rfb::encoding::kDesktopSize)) {
    closing_ = "the screen is now " + std::to_string(width) + "x" + std::to_string(height) +
               " and the client did not announce DesktopSize";
  }
  size_pending_ = true;
  dirty_.clear();
  full_pending_ = true;
  wake();
}

void RfbServerSession::machine_lost(const std::string& reason) {
  closing_ = reason;
  wake();
}

void RfbServerSession::wake() {
  wake_.cancel();
}

void RfbServerSession::emit(nlohmann::json event) const {
  if (events_) events_(event);
}

asio::awaitable<void> serve_session(std::unique_ptr<transport::ByteStream> stream,
                                    ConnectionInfo info, Machine& machine, SessionOptions options,
                                    EventSink events) {
  if (info.authd) options.handshake = Handshake::kDirect;
  RfbServerSession session(*stream, machine, std::move(options), std::move(events), info.peer);
  co_await session.run();
}

}  // namespace mks::sim
