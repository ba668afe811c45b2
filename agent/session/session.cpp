#include "agent/session/session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <string>

#include "agent/errors.h"
#include "agent/input/keysyms.h"
#include "agent/input/scancodes.h"

namespace mks::session {
namespace asio = boost::asio;

Session::Session(std::unique_ptr<transport::ByteStream> stream, SessionOptions options)
    : stream_(std::move(stream)),
      client_(std::make_unique<rfb::Client>(*stream_)),
      options_(options),
      changed_(stream_->get_executor()) {}

Session::~Session() = default;

asio::awaitable<std::shared_ptr<Session>> Session::open(const transport::Url& url,
                                                        SessionOptions options) {
  auto stream = co_await transport::connect(url, options.connect);
  std::shared_ptr<Session> self(new Session(std::move(stream), options));
  co_await self->client_->start();
  self->client_->on_update = [raw = self.get()] {
    raw->last_update_ = Clock::now();
    raw->changed_.cancel();
  };
  self->running_ = true;
  asio::co_spawn(self->stream_->get_executor(), self->client_->run(), [self](std::exception_ptr e) {
    self->ended_ = e ? e : std::make_exception_ptr(TransportError("connection ended"));
    self->running_ = false;
    self->changed_.cancel();
  });
  co_return self;
}

void Session::rethrow_if_ended() const {
  if (!running_ && ended_) std::rethrow_exception(ended_);
}

asio::awaitable<void> Session::wait_change(Clock::time_point deadline) {
  changed_.expires_at(deadline);
  boost::system::error_code ec;
  co_await changed_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<codecs::Image> Session::wait_full_frame(Clock::time_point deadline) {
  while (!client_->full_frame()) {
    rethrow_if_ended();
    if (Clock::now() >= deadline) {
      throw TimeoutError("no full frame from " + describe() + " in time (" +
                         std::to_string(client_->updates()) + " updates received)");
    }
    co_await wait_change(deadline);
  }
  co_return client_->framebuffer();
}

asio::awaitable<void> Session::settle(std::chrono::milliseconds quiet, Clock::time_point deadline) {
  for (;;) {
    rethrow_if_ended();
    const auto until = std::min(last_update_ + quiet, deadline);
    if (Clock::now() >= until) co_return;
    co_await wait_change(until);
  }
}

asio::awaitable<void> Session::send_key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  rethrow_if_ended();
  client_->key(scancode, keysym, down);
  asio::steady_timer pause(stream_->get_executor(), options_.key_delay);
  co_await pause.async_wait(asio::use_awaitable);
}

asio::awaitable<void> Session::type(std::u32string_view text, const input::KeyboardLayout& layout) {
  for (char32_t c : text) {
    auto stroke = layout.stroke_for(c);
    if (!stroke) {
      throw std::invalid_argument("the " + std::string(layout.name()) +
                                  " keyboard layout has no key for character U+" +
                                  std::to_string(static_cast<std::uint32_t>(c)));
    }
    const std::uint32_t sym = input::keysym::for_character(c);
    const bool shift = stroke->shift && client_->takes_scancodes();
    const std::uint32_t shift_sym = 0xFFE1;
    if (shift) co_await send_key(input::scancode::kLeftShift, shift_sym, true);
    co_await send_key(stroke->scancode, sym, true);
    co_await send_key(stroke->scancode, sym, false);
    if (shift) co_await send_key(input::scancode::kLeftShift, shift_sym, false);
  }
}

asio::awaitable<void> Session::key(std::string_view combo) {
  const auto codes = input::scancode::parse_combo(combo);
  for (auto code : codes)
    co_await send_key(code, input::keysym::for_scancode(code).value_or(0), true);
  for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
    co_await send_key(*it, input::keysym::for_scancode(*it).value_or(0), false);
  }
}

asio::awaitable<void> Session::close() {
  client_->on_update = nullptr;
  co_await stream_->close();
}

}  // namespace mks::session
