// webmks-sim as a gateway: a SimInstance whose machine is another SimInstance reached over
// ws://, driven by the agent's Session through a ticket of the gateway.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "agent/input/keyboard_layout.h"
#include "agent/session/session.h"
#include "loopback_helpers.h"
#include "tools/webmks_sim/sim_instance.h"
#include "tools/webmks_sim/upstream_machine.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

SimConfig plain_config() {
  SimConfig config;
  config.server.tls = false;
  return config;
}

bool shows(const SimMachine& machine, const std::string& text) {
  for (const auto& line : machine.console().lines()) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

// Polls `done` every 20 ms; TimeoutError after `limit`.
asio::awaitable<void> wait_until(std::function<bool()> done, std::chrono::milliseconds limit) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = Clock::now() + limit;
  while (!done()) {
    if (Clock::now() > deadline) throw TimeoutError("condition not met in time");
    timer.expires_after(20ms);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

// A machine whose screen changes size, as QEMU's does when a guest changes video mode.
class ResizingMachine final : public Machine {
 public:
  const codecs::Image& framebuffer() const override { return screen_; }
  std::uint32_t leds() const override { return 0; }
  void scancode(std::uint16_t, bool) override {}
  void keysym(std::uint32_t, bool) override {}
  void unicode(char32_t) override {}
  void pointer(int, int, std::uint8_t) override {}
  void add_observer(ScreenObserver* observer) override { observers_.push_back(observer); }
  void remove_observer(ScreenObserver* observer) override { std::erase(observers_, observer); }

  void resize(int width, int height, codecs::Pixel colour) {
    screen_ = codecs::Image(width, height, colour);
    for (auto* observer : observers_) observer->screen_resized(width, height);
  }

 private:
  codecs::Image screen_{720, 400, 0x336699};
  std::vector<ScreenObserver*> observers_;
};

class SimUpstreamTest : public ::testing::Test {
 protected:
  // The gateway in front of `upstream_`, reached with the given RFB dialect.
  void start_gateway(rfb::Dialect dialect) {
    testing::run_on(io_, open_gateway(dialect));
    gateway_ = std::make_unique<SimInstance>(
        io_, plain_config(), upstream_machine_,
        [this](const nlohmann::json& e) { gateway_events_.push_back(e); });
  }

  asio::awaitable<void> open_gateway(rfb::Dialect dialect) {
    UpstreamOptions options;
    options.url = upstream_.issue_ticket_url();
    options.dialect = dialect;
    const EventSink no_events = [](const nlohmann::json&) {};
    upstream_machine_ = co_await UpstreamMachine::open(options, no_events);
  }

  // Named locals, not temporaries, in co_await expressions: GCC 12 copies such temporaries
  // bitwise into the coroutine frame.
  asio::awaitable<void> open_session() {
    const auto url = transport::Url::parse(gateway_->issue_ticket_url());
    const session::SessionOptions options;
    session_ = co_await session::Session::open(url, options);
  }

  asio::awaitable<void> type_and_wait(std::u32string text, std::string expected) {
    co_await open_session();
    // The gateway's ServerCaps come before its first update: from then on keys go out as
    // scancodes.
    co_await session_->wait_full_frame(Clock::now() + 5s);
    co_await session_->type(text, input::KeyboardLayout::by_name("us"));
    std::function<bool()> typed = [&] { return shows(upstream_.machine(), expected); };
    co_await wait_until(typed, 5s);
  }

  // Until the session's screen is whole and equal to the machine's.
  asio::awaitable<void> wait_same_screen(const Machine& machine) {
    std::function<bool()> same = [&] {
      return session_->screen_ready() && session_->screen().same_pixels(machine.framebuffer());
    };
    co_await wait_until(same, 5s);
  }

  std::vector<std::string> upstream_keys(const char* field) const {
    std::vector<std::string> out;
    for (const auto& e : upstream_events_) {
      if (e.value("event", "") == "key" && e.contains(field) && e.value("down", false)) {
        out.push_back(e.at(field));
      }
    }
    return out;
  }

  asio::io_context io_;
  std::vector<nlohmann::json> upstream_events_;
  std::vector<nlohmann::json> gateway_events_;
  SimInstance upstream_{io_, plain_config(),
                        [this](const nlohmann::json& e) { upstream_events_.push_back(e); }};
  std::shared_ptr<UpstreamMachine> upstream_machine_;
  std::unique_ptr<SimInstance> gateway_;
  std::shared_ptr<session::Session> session_;
};

TEST_F(SimUpstreamTest, TypedText_ReachesTheUpstreamConsoleAsScancodes) {
  start_gateway(rfb::Dialect::kAuto);  // a ticket URL: WebMKS, VMware scancode events
  testing::run_on(io_, type_and_wait(U"echo Hi!", "sim$ echo Hi!"));
  const auto scancodes = upstream_keys("scancode");
  EXPECT_EQ(scancodes.size(), 10u);  // 8 characters, 2 of them with Shift
  EXPECT_TRUE(upstream_keys("keysym").empty());
}

TEST_F(SimUpstreamTest, Screen_EqualsTheUpstreamPixelsAfterAnUpdate) {
  start_gateway(rfb::Dialect::kAuto);
  testing::run_on(io_, type_and_wait(U"pixels", "sim$ pixels"));
  testing::run_on(io_, wait_same_screen(upstream_.machine()));
  EXPECT_TRUE(session_->screen().same_pixels(upstream_.machine().framebuffer()));
  EXPECT_TRUE(
      gateway_->served_machine().framebuffer().same_pixels(upstream_.machine().framebuffer()));
}

TEST_F(SimUpstreamTest, KeysymUpstream_GetsShiftedKeysymsOfTheLayout) {
  start_gateway(rfb::Dialect::kRfb);  // plain RFB: the upstream announces no VMware caps
  testing::run_on(io_, type_and_wait(U"Hi!", "sim$ Hi!"));
  const auto keysyms = upstream_keys("keysym");
  // Shift_L, 'H' (not 'h'), 'i', Shift_L, '!' (not '1')
  EXPECT_EQ(keysyms, (std::vector<std::string>{"0xffe1", "0x48", "0x69", "0xffe1", "0x21"}));
  EXPECT_TRUE(upstream_keys("scancode").empty());
}

// A client that sends RFB KeyEvents (keysyms) before it knows the server takes scancodes:
// Shift sent as a keysym still shifts the scancodes that follow.
TEST_F(SimUpstreamTest, ShiftAsKeysym_ShiftsTheFollowingScancodes) {
  start_gateway(rfb::Dialect::kRfb);
  gateway_->served_machine().keysym(0xFFE1, true);  // Shift_L
  gateway_->served_machine().scancode(0x23, true);  // h
  gateway_->served_machine().scancode(0x23, false);
  gateway_->served_machine().keysym(0xFFE1, false);
  testing::run_on(io_, wait_until([&] { return shows(upstream_.machine(), "sim$ H"); }, 5s));
  EXPECT_EQ(upstream_keys("keysym"), (std::vector<std::string>{"0xffe1", "0x48"}));
}

TEST_F(SimUpstreamTest, UpstreamLost_ClosesSessionsAndStopsTheGateway) {
  start_gateway(rfb::Dialect::kAuto);
  const std::string spare_ticket = gateway_->issue_ticket_url();
  testing::run_on(io_, open_session());
  testing::run_on(io_, upstream_machine_->close());
  testing::run_on(io_, wait_until([&] { return session_->ended() != nullptr; }, 5s));
  EXPECT_TRUE(upstream_machine_->lost());
  EXPECT_THROW(gateway_->issue_ticket_url(), std::logic_error);  // stopped
  std::string outcome;
  testing::run_on(io_, [](std::string url, std::string& out) -> asio::awaitable<void> {
    out = co_await testing::connect_outcome(url);
  }(spare_ticket, outcome));
  EXPECT_NE(outcome, "ok");
  const bool lost_event = std::any_of(gateway_events_.begin(), gateway_events_.end(), [](auto& e) {
    return e.value("event", "") == "session-ended";
  });
  EXPECT_TRUE(lost_event);
}

TEST_F(SimUpstreamTest, Resize_SessionsGetDesktopSizeAndTheNewScreen) {
  auto machine = std::make_shared<ResizingMachine>();
  gateway_ = std::make_unique<SimInstance>(io_, plain_config(), machine);
  testing::run_on(io_, open_session());
  testing::run_on(io_, wait_same_screen(*machine));
  machine->resize(1024, 768, 0x00FF00);
  testing::run_on(io_, wait_same_screen(*machine));
  EXPECT_EQ(session_->screen().width(), 1024);
  EXPECT_EQ(session_->screen().height(), 768);
  EXPECT_EQ(session_->ended(), nullptr);
}

TEST_F(SimUpstreamTest, UpstreamRefusesTheTicket_OpenThrowsTicketError) {
  UpstreamOptions options;
  options.url = "ws://127.0.0.1:" + std::to_string(upstream_.port()) + "/ticket/unknown";
  EXPECT_THROW(testing::run_on(io_,
                               [](UpstreamOptions o) -> asio::awaitable<void> {
                                 co_await UpstreamMachine::open(o);
                               }(options)),
               TicketError);
}

}  // namespace
}  // namespace mks::sim
