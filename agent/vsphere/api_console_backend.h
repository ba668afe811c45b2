#pragma once

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "agent/session/console_backend.h"
#include "agent/vsphere/vm_console_api.h"

namespace mks::vsphere {

// How the vSphere API path paces keys and polls the screen (docs/vsphere-api.md).
struct ApiConsoleOptions {
  // The least time between two PutUsbScanCodes calls. Packer waits 100 ms after each key on
  // this path and its docs advise more when keys go missing; each call is one keystroke.
  std::chrono::milliseconds key_interval{100};
  // The screen is fetched every `poll_fast` while it changes (and right after a key), then
  // less often, up to `poll_slow`, while it stays still.
  std::chrono::milliseconds poll_fast{250};
  std::chrono::milliseconds poll_slow{2000};
  // The first look after a key: the guest draws a typed character within a frame or two.
  std::chrono::milliseconds poll_after_key{100};
  // poll_fast = `fast`, poll_slow = 8 × fast, and the first look after a key no later.
  void set_poll_interval(std::chrono::milliseconds fast) {
    poll_fast = fast;
    poll_slow = fast * 8;
    poll_after_key = std::min(poll_after_key, fast);
  }
  // A screen fetch or key call may fail this many times in a row before the session ends.
  int failures_allowed = 3;
  // Deadline of one CreateScreenshot_Task.
  std::chrono::milliseconds task_timeout{30000};
};

// A console through vCenter's API alone: keys by PutUsbScanCodes (modifier keys are held
// client-side and sent as flags with the next key), the screen polled by /screen or
// CreateScreenshot_Task, whichever answers first (tried in that order). No pointer.
class ApiConsoleBackend : public session::ConsoleBackend {
 public:
  ApiConsoleBackend(boost::asio::any_io_executor executor, std::unique_ptr<VmConsoleApi> api,
                    ApiConsoleOptions options);

  std::string describe() const override;
  boost::asio::any_io_executor executor() const override { return executor_; }
  boost::asio::awaitable<bool> start_within(std::chrono::milliseconds timeout) override;
  boost::asio::awaitable<void> run() override;
  const codecs::Image& framebuffer() const override { return framebuffer_; }
  bool full_frame() const override { return updates_ > 0; }
  bool in_update() const override { return false; }
  std::uint64_t updates() const override { return updates_; }
  boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym,
                                   bool down) override;
  bool takes_scancodes() const override { return true; }
  void pointer(int x, int y, std::uint8_t buttons) override;
  boost::asio::awaitable<void> close() override;

  // How the screen is fetched: "" until known, "/screen" or "CreateScreenshot_Task" (with
  // why /screen was not used).
  const std::string& screen_source() const { return screen_source_; }
  std::uint64_t key_calls() const { return key_calls_; }

 private:
  boost::asio::awaitable<codecs::Image> grab(std::chrono::steady_clock::time_point deadline);
  boost::asio::awaitable<std::string> grab_png(std::chrono::steady_clock::time_point deadline);
  void deliver(codecs::Image frame);
  boost::asio::awaitable<void> wait_for_next_poll();
  boost::asio::awaitable<void> send(const UsbKeyEvent& event);
  boost::asio::awaitable<void> pace();

  boost::asio::any_io_executor executor_;
  std::unique_ptr<VmConsoleApi> api_;
  ApiConsoleOptions options_;
  codecs::Image framebuffer_;
  std::optional<codecs::Image> first_;  // fetched by start_within, delivered by run
  std::uint64_t updates_ = 0;
  std::string screen_source_;
  bool use_task_ = false;
  bool closing_ = false;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point next_poll_;
  boost::asio::steady_timer poll_timer_;
  input::hid::Modifiers modifiers_;
  std::optional<std::uint16_t> lone_modifier_;  // pressed with no key since: a tap on release
  std::chrono::steady_clock::time_point last_key_call_{};
  std::uint64_t key_calls_ = 0;
};

}  // namespace mks::vsphere
