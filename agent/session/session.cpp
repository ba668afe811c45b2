#include "agent/session/session.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

#include "agent/errors.h"
#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"
#include "agent/rfb/encoding_list.h"
#include "agent/session/rfb_backend.h"
#include "agent/session/typist.h"

namespace mks::session {
namespace asio = boost::asio;

namespace {

std::string seconds(std::chrono::milliseconds d) {
  const auto tenths = d.count() / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " s";
}

long long ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

std::string message_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& error) {
    return error.what();
  }
}

}  // namespace

Session::Session(std::unique_ptr<ConsoleBackend> backend, SessionOptions options)
    : backend_(std::move(backend)), options_(options) {
  // The client has it; no second copy for the session's life unless a reconnect needs it.
  if (!options_.reconnect) options_.rfb.password.clear();
}

Session::~Session() = default;

asio::awaitable<std::shared_ptr<Session>> Session::open(const transport::Url& url,
                                                        SessionOptions options) {
  if (options.rfb.dialect == rfb::Dialect::kAuto) options.rfb.dialect = rfb::dialect_for_url(url);
  co_return co_await open(co_await transport::connect(url, options.connect), options);
}

asio::awaitable<std::shared_ptr<Session>> Session::open(
    std::unique_ptr<transport::ByteStream> stream, SessionOptions options) {
  auto backend = std::make_unique<RfbBackend>(std::move(stream), options.rfb);
  co_return co_await open(std::move(backend), std::move(options));
}

asio::awaitable<std::shared_ptr<Session>> Session::open(std::unique_ptr<ConsoleBackend> backend,
                                                        SessionOptions options) {
  std::shared_ptr<Session> self(new Session(std::move(backend), options));
  co_await self->handshake();
  self->start_loop(self);
  co_return self;
}

asio::awaitable<void> Session::handshake() {
  // A named result: GCC 12 miscompiles a co_await inside a condition.
  const bool started = co_await backend_->start_within(options_.handshake_timeout);
  if (!started) {
    const bool rfb = backend_->rfb_client() != nullptr;
    throw TimeoutError((rfb ? "no RFB handshake from " : "no first screen from ") + describe() +
                       " within " + seconds(options_.handshake_timeout) +
                       (rfb ? " (is this a WebMKS or VNC console port?)" : ""));
  }
}

void Session::start_loop(std::shared_ptr<Session> self) {
  backend_->observers.on_update = [this](std::span<const codecs::Rect> rects) {
    tell_watches(rects, false);
    update_done();
  };
  backend_->observers.on_resize = [this](int, int) {
    frame_.reset();
    tell_watches({}, true);
  };
  asio::co_spawn(backend_->executor(), backend_->run(), [self](std::exception_ptr e) {
    if (!e) e = std::make_exception_ptr(TransportError("connection ended"));
    self->backend_->observers = {};
    if (self->options_.reconnect && !self->closing_) {
      self->reconnecting_ = true;
      asio::co_spawn(self->backend_->executor(), self->reconnect(self, e), asio::detached);
      return;
    }
    self->ended_ = self->closing_ ? e : self->without_reconnect(e);
    self->notify();
  });
}

std::exception_ptr Session::without_reconnect(std::exception_ptr cause) const {
  if (options_.no_reconnect_reason.empty()) return cause;
  try {
    std::rethrow_exception(cause);
  } catch (const TransportError& e) {
    return std::make_exception_ptr(
        TransportError(std::string(e.what()) + " (" + options_.no_reconnect_reason + ")"));
  } catch (...) {
    return cause;
  }
}

asio::awaitable<void> Session::reconnect(std::shared_ptr<Session> self, std::exception_ptr cause) {
  const auto lost = Clock::now();
  lost_at_ = lost;
  tell_reconnect("console connection lost (" + message_of(cause) + "); reconnecting");
  // The first try at once (a vMotion's switch-over is done when the old host hangs up), then
  // waits growing from reconnect_backoff.
  std::chrono::milliseconds delay{0};
  std::exception_ptr last = cause;
  for (int attempt = 1; attempt <= options_.reconnect_attempts && !closing_; ++attempt) {
    asio::steady_timer timer(backend_->executor(), delay);
    backoff_ = &timer;
    boost::system::error_code cancelled;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, cancelled));
    backoff_ = nullptr;
    if (closing_) break;
    delay = delay.count() == 0 ? options_.reconnect_backoff : delay * 2;
    try {
      co_await replace_connection();
      reconnecting_ = false;
      if (closing_) {  // close() came during the handshake: this connection is not wanted
        co_await backend_->close();
        break;
      }
      start_loop(self);
      tell_reconnect("reconnected after " + std::to_string(ms_between(lost, Clock::now())) +
                     " ms (attempt " + std::to_string(attempt) + ")");
      notify();
      co_return;
    } catch (const std::exception&) {
      last = std::current_exception();
    }
  }
  reconnecting_ = false;
  lost_at_.reset();
  ended_ = std::make_exception_ptr(
      closing_ ? TransportError("the session was closed while reconnecting")
               : TransportError("the console connection ended and " +
                                std::to_string(options_.reconnect_attempts) +
                                " reconnects failed (last: " + message_of(last) + ")"));
  notify();
}

// A new stream and RFB client in place of the dead ones; the framebuffer starts over, so
// change watches see everything as changed.
asio::awaitable<void> Session::replace_connection() {
  auto stream = co_await options_.reconnect();
  retire_connection();
  backend_ = std::make_unique<RfbBackend>(std::move(stream), options_.rfb);
  co_await handshake();
  frame_.reset();
  tell_watches({}, true);
}

// Kept, not destroyed: an input call that began before the drop may still hold them. Two
// generations are plenty (input calls take seconds), and a long run with many drops must not
// keep a framebuffer per drop.
void Session::retire_connection() {
  constexpr std::size_t kKept = 2;
  if (retired_.size() == kKept) retired_.erase(retired_.begin());
  retired_.push_back(std::move(backend_));
}

void Session::tell_reconnect(const std::string& what) const {
  for (const auto& listener : reconnect_listeners_) listener(what);
}

asio::awaitable<void> Session::wait_ready_for_input() {
  while (reconnecting_) co_await wait_notified(Clock::now() + std::chrono::seconds(1));
  const auto deadline = Clock::now() + options_.handshake_timeout;
  // close() releases held keys with what it has: a console that never sent an update would
  // otherwise hold the close for another handshake_timeout.
  while (!ended_ && !closing_ && backend_->updates() == 0 && Clock::now() < deadline) {
    co_await wait_notified(deadline);
  }
}

void Session::update_done() {
  last_update_ = Clock::now();
  if (backend_->full_frame()) {
    for (const auto& listener : frame_listeners_) listener(backend_->framebuffer(), last_update_);
    if (lost_at_) {
      tell_reconnect("first frame " + std::to_string(ms_between(*lost_at_, last_update_)) +
                     " ms after the connection was lost");
      lost_at_.reset();
    }
  }
  if (frame_wanted_ && backend_->full_frame()) {
    frame_ = backend_->framebuffer();
    frame_wanted_ = false;
  }
  notify();
}

void Session::notify() {
  for (auto* waiter : waiters_) waiter->cancel();
}

void Session::rethrow_if_ended() const {
  if (ended_) std::rethrow_exception(ended_);
}

void Session::tell_watches(std::span<const codecs::Rect> rects, bool everything) {
  std::erase_if(watches_, [](const auto& w) { return w.expired(); });
  for (const auto& weak : watches_) {
    auto watch = weak.lock();
    if (everything) {
      watch->mark_everything();
    } else {
      watch->add(rects);
    }
  }
}

std::shared_ptr<ChangeWatch> Session::watch_changes() {
  auto watch = std::make_shared<ChangeWatch>();
  watches_.push_back(watch);
  return watch;
}

asio::awaitable<void> Session::wait_update(Clock::time_point deadline) {
  rethrow_if_ended();
  co_await wait_notified(deadline);
  rethrow_if_ended();
}

asio::awaitable<void> Session::wait_notified(Clock::time_point deadline) {
  asio::steady_timer timer(backend_->executor(), deadline);
  waiters_.push_back(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &timer));
}

asio::awaitable<codecs::Image> Session::wait_full_frame(Clock::time_point deadline) {
  if (screen_ready()) co_return backend_->framebuffer();
  frame_wanted_ = true;
  frame_.reset();
  while (!frame_) {
    rethrow_if_ended();
    if (Clock::now() >= deadline) {
      frame_wanted_ = false;
      const auto& fb = backend_->framebuffer();
      throw TimeoutError("no full frame from " + describe() + " in time (" +
                         std::to_string(backend_->updates()) + " updates for the " +
                         std::to_string(fb.width()) + "x" + std::to_string(fb.height()) +
                         " screen received)");
    }
    co_await wait_notified(deadline);
  }
  codecs::Image frame = std::move(*frame_);
  frame_.reset();
  co_return frame;
}

asio::awaitable<void> Session::settle(std::chrono::milliseconds quiet, Clock::time_point deadline) {
  for (;;) {
    rethrow_if_ended();
    const auto until = std::min(last_update_ + quiet, deadline);
    if (Clock::now() >= until) co_return;
    co_await wait_notified(until);
  }
}

asio::awaitable<void> Session::type(std::u32string_view text, const input::KeyboardLayout& layout) {
  co_await wait_ready_for_input();
  rethrow_if_ended();
  co_await Typist(*backend_, options_.key_delay).type(text, layout);
  rethrow_if_ended();
}

asio::awaitable<void> Session::key(std::string_view combo) {
  const auto codes = input::scancode::parse_combo(combo);
  co_await wait_ready_for_input();
  rethrow_if_ended();
  co_await Typist(*backend_, options_.key_delay).press(codes);
  rethrow_if_ended();
}

asio::awaitable<void> Session::keys(std::vector<input::KeyStep> steps,
                                    const input::KeyboardLayout& layout) {
  co_await wait_ready_for_input();
  rethrow_if_ended();
  Typist typist(*backend_, options_.key_delay);
  co_await typist.run(steps, layout);
  rethrow_if_ended();
  for (const auto& step : steps) {
    if (step.kind != input::KeyStep::Kind::kUp) continue;
    std::uint16_t code = step.scancode;
    if (code == 0 && !step.text.empty()) code = layout.require_stroke(step.text[0]).scancode;
    std::erase(held_keys_, code);
  }
  for (const std::uint16_t code : typist.held()) {
    if (std::find(held_keys_.begin(), held_keys_.end(), code) == held_keys_.end()) {
      held_keys_.push_back(code);
    }
  }
}

asio::awaitable<void> Session::key_down(std::uint16_t scancode) {
  co_await wait_ready_for_input();
  rethrow_if_ended();
  if (std::find(held_keys_.begin(), held_keys_.end(), scancode) == held_keys_.end()) {
    held_keys_.push_back(scancode);
  }
  const std::uint32_t sym = input::keysym::for_scancode(scancode).value_or(0);
  co_await Typist(*backend_, options_.key_delay).key(scancode, sym, true);
}

asio::awaitable<void> Session::key_up(std::uint16_t scancode) {
  co_await wait_ready_for_input();
  rethrow_if_ended();
  std::erase(held_keys_, scancode);
  const std::uint32_t sym = input::keysym::for_scancode(scancode).value_or(0);
  co_await Typist(*backend_, options_.key_delay).key(scancode, sym, false);
}

asio::awaitable<void> Session::release_all() {
  while (!held_keys_.empty() && !ended_) {
    const std::uint16_t code = held_keys_.back();
    co_await key_up(code);
  }
  if (pointer_buttons_ != 0 && !ended_) co_await pointer(pointer_x_, pointer_y_, 0);
}

asio::awaitable<void> Session::pointer(int x, int y, std::uint8_t buttons) {
  co_await wait_ready_for_input();
  rethrow_if_ended();
  const auto& fb = backend_->framebuffer();
  const int px = std::clamp(x, 0, std::max(fb.width() - 1, 0));
  const int py = std::clamp(y, 0, std::max(fb.height() - 1, 0));
  backend_->pointer(px, py, buttons);
  pointer_x_ = px;
  pointer_y_ = py;
  pointer_buttons_ = buttons;
  co_await pause();
}

asio::awaitable<void> Session::pause() {
  if (options_.key_delay.count() <= 0) co_return;
  asio::steady_timer timer(backend_->executor(), options_.key_delay);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<void> Session::close() {
  closing_ = true;
  if (backoff_) backoff_->cancel();
  if (!ended_ && !reconnecting_) {
    try {
      co_await release_all();
    } catch (const AgentError&) {
      // The connection ended meanwhile; nothing left to release.
    }
  }
  if (!ended_) backend_->say_goodbye();
  co_await backend_->close();
}

}  // namespace mks::session
