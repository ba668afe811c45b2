#include "agent/vsphere/api_console_backend.h"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>

#include "agent/errors.h"
#include "codecs/decode_error.h"
#include "codecs/image_diff.h"
#include "codecs/png.h"

namespace mks::vsphere {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

// Faults that no retry can fix: the session ends with them.
bool is_final(const SoapFault& fault) {
  return fault.type() == "NoPermission" || fault.type() == "InvalidPowerState" ||
         fault.type() == "ManagedObjectNotFound" || fault.type() == "MethodNotFound";
}

std::string hex(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%X", value);
  return text;
}

}  // namespace

ApiConsoleBackend::ApiConsoleBackend(asio::any_io_executor executor,
                                     std::unique_ptr<VmConsoleApi> api, ApiConsoleOptions options)
    : executor_(executor),
      api_(std::move(api)),
      options_(options),
      interval_(options.poll_fast),
      poll_timer_(executor) {}

std::string ApiConsoleBackend::describe() const {
  return "the vSphere API console of " + api_->vm().value + " on vCenter " + api_->host();
}

asio::awaitable<bool> ApiConsoleBackend::start_within(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + std::min(timeout, options_.task_timeout);
  try {
    first_ = co_await grab(deadline);
  } catch (const TimeoutError&) {
    co_return false;
  }
  co_return true;
}

asio::awaitable<std::string> ApiConsoleBackend::grab_png(Clock::time_point deadline) {
  if (!use_task_) {
    std::string why;
    auto png = co_await api_->screen_endpoint_png(why);
    if (png) {
      if (screen_source_.empty()) screen_source_ = "/screen";
      co_return std::move(*png);
    }
    if (!screen_source_.empty()) {
      throw VcenterError("vCenter " + api_->host() + ": " + why + " (it answered before)");
    }
    use_task_ = true;
    screen_source_ = "CreateScreenshot_Task (" + why + ")";
  }
  co_return co_await api_->screenshot_task_png(deadline);
}

asio::awaitable<codecs::Image> ApiConsoleBackend::grab(Clock::time_point deadline) {
  const std::string png = co_await grab_png(deadline);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(png.data());
  try {
    co_return codecs::decode_png(std::span<const std::uint8_t>(bytes, png.size()));
  } catch (const codecs::DecodeError& e) {
    throw ProtocolError("vCenter " + api_->host() + ": the screenshot of " + api_->vm().value +
                        " is not a PNG we can read (" + e.what() + ")");
  }
}

void ApiConsoleBackend::deliver(codecs::Image frame) {
  std::vector<codecs::Rect> changed;
  if (updates_ == 0 || frame.width() != framebuffer_.width() ||
      frame.height() != framebuffer_.height()) {
    if (updates_ > 0 && observers.on_resize) observers.on_resize(frame.width(), frame.height());
    changed.push_back(frame.bounds());
  } else {
    changed = codecs::changed_tiles(framebuffer_, frame);
  }
  if (changed.empty()) {
    interval_ = std::min(interval_ * 2, options_.poll_slow);
    return;
  }
  framebuffer_ = std::move(frame);
  ++updates_;
  interval_ = options_.poll_fast;
  if (observers.on_update) observers.on_update(changed);
}

asio::awaitable<void> ApiConsoleBackend::wait_for_next_poll() {
  next_poll_ = Clock::now() + interval_;
  // A key moves next_poll_ closer and cancels the wait; the loop then waits for what is left.
  while (!closing_ && Clock::now() < next_poll_) {
    poll_timer_.expires_at(next_poll_);
    boost::system::error_code ignored;
    co_await poll_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

asio::awaitable<void> ApiConsoleBackend::run() {
  if (first_) {
    deliver(std::move(*first_));
    first_.reset();
  }
  int failures = 0;
  while (!closing_) {
    co_await wait_for_next_poll();
    if (closing_) break;
    try {
      const auto deadline = Clock::now() + options_.task_timeout;
      codecs::Image frame = co_await grab(deadline);
      failures = 0;
      if (!closing_) deliver(std::move(frame));
    } catch (const SoapFault& fault) {
      if (is_final(fault) || ++failures >= options_.failures_allowed) throw;
    } catch (const AuthError&) {
      throw;
    } catch (const AgentError&) {
      if (++failures >= options_.failures_allowed) throw;
    }
  }
}

asio::awaitable<void> ApiConsoleBackend::pace() {
  const auto due = last_key_call_ + options_.key_interval;
  if (Clock::now() >= due) co_return;
  asio::steady_timer timer(executor_, due);
  co_await timer.async_wait(asio::use_awaitable);
}

// One keystroke, one call. A call that faults or injects nothing is tried once more (the
// intermittent "general system error" of vSphere 6.7); a second failure ends the typing.
asio::awaitable<void> ApiConsoleBackend::send(const UsbKeyEvent& event) {
  const UsbKeyEvent one[] = {event};
  std::string failure;
  for (int attempt = 0; attempt < 2; ++attempt) {
    co_await pace();
    try {
      const int injected = co_await api_->put_usb_scan_codes(one);
      last_key_call_ = Clock::now();
      ++key_calls_;
      if (injected == 1) {
        // The screen is about to change: look soon.
        interval_ = options_.poll_fast;
        next_poll_ = std::min(next_poll_, Clock::now() + options_.poll_after_key);
        poll_timer_.cancel();
        co_return;
      }
      failure = "vCenter injected " + std::to_string(injected) + " of 1";
    } catch (const SoapFault& fault) {
      last_key_call_ = Clock::now();
      if (is_final(fault)) throw;
      failure = fault.what();
    }
  }
  throw ProtocolError("PutUsbScanCodes of " + api_->vm().value + " did not type USB key " +
                      hex(event.usage) + " twice: " + failure);
}

asio::awaitable<void> ApiConsoleBackend::key(std::uint16_t scancode, std::uint32_t, bool down) {
  const auto usage = input::hid::usage_for_scancode(scancode);
  if (!usage) {
    throw UnsupportedError("key " + hex(scancode) +
                           " has no USB HID usage to send by PutUsbScanCodes");
  }
  if (input::hid::is_modifier(*usage)) {
    modifiers_.set(*usage, down);
    if (down) {
      lone_modifier_ = *usage;
    } else if (lone_modifier_ == *usage) {
      lone_modifier_.reset();
      const UsbKeyEvent tap{*usage, modifiers_};
      co_await send(tap);
    }
    co_return;
  }
  lone_modifier_.reset();
  if (!down) co_return;
  const UsbKeyEvent stroke{*usage, modifiers_};
  co_await send(stroke);
}

void ApiConsoleBackend::pointer(int, int, std::uint8_t) {
  throw UnsupportedError(
      "the vSphere API console path has no mouse (PutUsbScanCodes types keys only): use the "
      "WebMKS path (--via webmks)");
}

asio::awaitable<void> ApiConsoleBackend::close() {
  closing_ = true;
  poll_timer_.cancel();
  co_await api_->logout();
}

}  // namespace mks::vsphere
