#include "agent/session/session.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

#include "agent/errors.h"
#include "agent/input/scancodes.h"
#include "agent/rfb/typist.h"

namespace mks::session {
namespace asio = boost::asio;

namespace {

std::string seconds(std::chrono::milliseconds d) {
  const auto tenths = d.count() / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " s";
}

}  // namespace

Session::Session(std::unique_ptr<transport::ByteStream> stream, SessionOptions options)
    : stream_(std::move(stream)),
      client_(std::make_unique<rfb::Client>(*stream_)),
      options_(options) {}

Session::~Session() = default;

asio::awaitable<std::shared_ptr<Session>> Session::open(const transport::Url& url,
                                                        SessionOptions options) {
  co_return co_await open(co_await transport::connect(url, options.connect), options);
}

asio::awaitable<std::shared_ptr<Session>> Session::open(
    std::unique_ptr<transport::ByteStream> stream, SessionOptions options) {
  std::shared_ptr<Session> self(new Session(std::move(stream), options));
  co_await self->handshake();
  self->start_loop(self);
  co_return self;
}

asio::awaitable<void> Session::handshake() {
  // A server that accepts the connection and then says nothing must not hang us: close the
  // stream at the deadline, which ends the pending read.
  struct Watch {
    bool done = false;
    bool fired = false;
  };
  auto watch = std::make_shared<Watch>();
  asio::steady_timer watchdog(stream_->get_executor(), options_.handshake_timeout);
  watchdog.async_wait([watch, stream = stream_.get()](boost::system::error_code ec) {
    if (ec || watch->done) return;
    watch->fired = true;
    asio::co_spawn(stream->get_executor(), stream->close(), asio::detached);
  });
  try {
    co_await client_->start();
  } catch (const AgentError&) {
    if (!watch->fired) throw;
  }
  watch->done = true;
  if (watch->fired) {
    throw TimeoutError("no RFB handshake from " + describe() + " within " +
                       seconds(options_.handshake_timeout) +
                       " (is this a WebMKS or VNC console port?)");
  }
}

void Session::start_loop(std::shared_ptr<Session> self) {
  client_->observers.on_update = [this](std::span<const codecs::Rect>) { update_done(); };
  client_->observers.on_resize = [this](int, int) { frame_.reset(); };
  asio::co_spawn(stream_->get_executor(), client_->run(), [self](std::exception_ptr e) {
    self->ended_ = e ? e : std::make_exception_ptr(TransportError("connection ended"));
    self->client_->observers = {};
    self->notify();
  });
}

void Session::update_done() {
  last_update_ = Clock::now();
  if (frame_wanted_ && client_->full_frame()) {
    frame_ = client_->framebuffer();
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

asio::awaitable<void> Session::wait_change(Clock::time_point deadline) {
  asio::steady_timer timer(stream_->get_executor(), deadline);
  waiters_.push_back(&timer);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  waiters_.erase(std::find(waiters_.begin(), waiters_.end(), &timer));
}

asio::awaitable<codecs::Image> Session::wait_full_frame(Clock::time_point deadline) {
  if (client_->full_frame() && !client_->in_update()) co_return client_->framebuffer();
  frame_wanted_ = true;
  frame_.reset();
  while (!frame_) {
    rethrow_if_ended();
    if (Clock::now() >= deadline) {
      frame_wanted_ = false;
      const auto& fb = client_->framebuffer();
      throw TimeoutError("no full frame from " + describe() + " in time (" +
                         std::to_string(client_->updates()) + " updates for the " +
                         std::to_string(fb.width()) + "x" + std::to_string(fb.height()) +
                         " screen received)");
    }
    co_await wait_change(deadline);
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
    co_await wait_change(until);
  }
}

asio::awaitable<void> Session::type(std::u32string_view text, const input::KeyboardLayout& layout) {
  rethrow_if_ended();
  co_await rfb::Typist(*client_, options_.key_delay).type(text, layout);
  rethrow_if_ended();
}

asio::awaitable<void> Session::key(std::string_view combo) {
  const auto codes = input::scancode::parse_combo(combo);
  rethrow_if_ended();
  co_await rfb::Typist(*client_, options_.key_delay).press(codes);
  rethrow_if_ended();
}

asio::awaitable<void> Session::close() {
  if (!ended_) client_->say_goodbye();
  co_await stream_->close();
}

}  // namespace mks::session
