#include "tools/webmks_sim/upstream_machine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "agent/errors.h"
#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"
#include "agent/rfb/encoding_list.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;

rfb::ClientOptions client_options(const UpstreamOptions& options) {
  rfb::ClientOptions out;
  out.dialect = options.dialect == rfb::Dialect::kAuto
                    ? rfb::dialect_for_url(transport::Url::parse(options.url))
                    : options.dialect;
  out.password = options.password;
  return out;
}

std::string reason_of(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "connection ended";
}

}  // namespace

UpstreamMachine::UpstreamMachine(std::unique_ptr<transport::ByteStream> stream,
                                 UpstreamOptions options, EventSink events)
    : stream_(std::move(stream)),
      client_(*stream_, client_options(options)),
      options_(std::move(options)),
      events_(events ? std::move(events) : [](const nlohmann::json&) {}),
      keysyms_(input::KeyboardLayout::by_name(options_.layout)),
      first_frame_(stream_->get_executor()) {
  options_.password.clear();  // the client has it; no second copy for the machine's life
}

UpstreamMachine::~UpstreamMachine() = default;

asio::awaitable<std::shared_ptr<UpstreamMachine>> UpstreamMachine::open(UpstreamOptions options,
                                                                        EventSink events) {
  const auto url = transport::Url::parse(options.url);
  auto stream = co_await transport::connect(url, options.connect);
  std::shared_ptr<UpstreamMachine> self(
      new UpstreamMachine(std::move(stream), std::move(options), std::move(events)));
  co_await self->start();
  self->start_loop(self);
  // Sessions are served whole frames only: wait for the first one.
  self->first_frame_.expires_after(self->options_.start_timeout);
  boost::system::error_code ec;
  co_await self->first_frame_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  if (self->lost_) throw TransportError(self->lost_reason_);
  if (self->mirror_.empty()) {
    co_await self->close();
    throw TimeoutError("no whole frame within " +
                       std::to_string(self->options_.start_timeout.count()) + " ms");
  }
  co_return self;
}

asio::awaitable<void> UpstreamMachine::start() {
  // A named result: GCC 12 miscompiles a co_await inside a condition.
  const bool started = co_await client_.start_within(options_.start_timeout);
  if (!started) {
    throw TimeoutError("no RFB handshake within " + std::to_string(options_.start_timeout.count()) +
                       " ms");
  }
}

void UpstreamMachine::start_loop(std::shared_ptr<UpstreamMachine> self) {
  client_.observers.on_update = [this](std::span<const codecs::Rect> painted) { updated(painted); };
  client_.observers.on_leds = [this](std::uint32_t leds) {
    for (auto* observer : observers_) observer->leds_changed(leds);
  };
  asio::co_spawn(stream_->get_executor(), client_.run(),
                 [self](std::exception_ptr error) { self->ended(error); });
}

void UpstreamMachine::updated(std::span<const codecs::Rect> painted) {
  unmirrored_.insert(unmirrored_.end(), painted.begin(), painted.end());
  if (!client_.full_frame()) return;  // after a resize: wait until the screen is whole again
  const auto& fb = client_.framebuffer();
  const bool first = mirror_.empty();
  if (fb.width() != mirror_.width() || fb.height() != mirror_.height()) {
    mirror_ = fb;
    unmirrored_.clear();
    first_frame_.cancel();
    if (first) return;
    spdlog::info("upstream screen resized to {}x{}", fb.width(), fb.height());
    for (auto* observer : observers_) observer->screen_resized(fb.width(), fb.height());
    return;
  }
  std::erase_if(unmirrored_, [](const codecs::Rect& r) { return r.w <= 0 || r.h <= 0; });
  for (const auto& r : unmirrored_) mirror_.blit(fb.crop(r), r.x, r.y);
  if (!unmirrored_.empty()) {
    for (auto* observer : observers_) observer->screen_changed(unmirrored_);
  }
  unmirrored_.clear();
}

void UpstreamMachine::ended(std::exception_ptr error) {
  client_.observers = {};
  lost_ = true;
  lost_reason_ = transport::redact_tickets(reason_of(error));
  first_frame_.cancel();
  events_({{"event", "upstream"}, {"state", "lost"}, {"reason", lost_reason_}});
  // Observers remove themselves as their sessions end: walk a copy.
  const auto observers = observers_;
  for (auto* observer : observers) observer->machine_lost("upstream lost: " + lost_reason_);
  if (on_lost_) on_lost_(lost_reason_);
}

nlohmann::json UpstreamMachine::connected_event() const {
  return {{"event", "upstream"},
          {"state", "connected"},
          {"url", transport::redact_tickets(options_.url)},
          {"width", mirror_.width()},
          {"height", mirror_.height()},
          {"name", client_.server().name},
          {"scancodes", client_.takes_scancodes() || client_.qemu_key_events()}};
}

void UpstreamMachine::on_lost(std::function<void(const std::string&)> callback) {
  on_lost_ = std::move(callback);
}

asio::awaitable<void> UpstreamMachine::close() {
  co_await stream_->close();
}

void UpstreamMachine::scancode(std::uint16_t code, bool down) {
  if (lost_) return;
  client_.key(code, keysyms_.key(code, down), down);
}

void UpstreamMachine::keysym(std::uint32_t keysym, bool down) {
  if (lost_) return;
  const std::uint16_t code = keysyms_.scancode_for(keysym);
  if (code != 0) keysyms_.key(code, down);  // a Shift sent as a keysym shifts later scancodes
  if (code == 0 && client_.takes_scancodes()) return;  // nothing the server could take
  client_.key(code, keysym, down);
}

void UpstreamMachine::unicode(char32_t c) {
  const auto stroke = keysyms_.stroke_for(c);
  if (!stroke) {
    keysym(input::keysym::for_character(c), true);
    keysym(input::keysym::for_character(c), false);
    return;
  }
  if (stroke->shift) scancode(input::scancode::kLeftShift, true);
  if (stroke->altgr) scancode(input::scancode::kRightAlt, true);
  scancode(stroke->scancode, true);
  scancode(stroke->scancode, false);
  if (stroke->altgr) scancode(input::scancode::kRightAlt, false);
  if (stroke->shift) scancode(input::scancode::kLeftShift, false);
}

void UpstreamMachine::pointer(int x, int y, std::uint8_t buttons) {
  if (lost_) return;
  client_.pointer(x, y, buttons);
}

void UpstreamMachine::add_observer(ScreenObserver* observer) {
  observers_.push_back(observer);
}

void UpstreamMachine::remove_observer(ScreenObserver* observer) {
  std::erase(observers_, observer);
}

}  // namespace mks::sim
