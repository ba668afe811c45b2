// webmks-sim's fleet: which state each key gets, the console registry, its HTTP API, and
// a fleet SimInstance serving different consoles to the agent's Session.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <memory>
#include <string>

#include "agent/screen/text_reader.h"
#include "agent/session/session.h"
#include "agent/transport/url.h"
#include "loopback_helpers.h"
#include "tools/webmks_sim/fleet/fleet_api.h"
#include "tools/webmks_sim/fleet/fleet_state.h"
#include "tools/webmks_sim/sim_instance.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(FleetState, SameSeedAndKey_SameState) {
  const auto mix = default_fleet_mix();
  for (int i = 0; i < 200; ++i) {
    const std::string key = "vm-" + std::to_string(i);
    EXPECT_EQ(state_for(7, mix, key), state_for(7, mix, key));
  }
}

TEST(FleetState, StatePrefix_WinsOverTheMix) {
  const FleetMix all_panic = {{"kernel-panic", 1.0}};
  EXPECT_EQ(state_for(1, all_panic, "emergency-mode-3"), "emergency-mode");
  EXPECT_EQ(state_for(1, all_panic, "windows-recovery-x"), "windows-recovery");
  EXPECT_EQ(state_for(1, all_panic, "grub-menu-1"), "grub-menu");
  EXPECT_EQ(state_for(1, all_panic, "vm-12"), "kernel-panic");
  EXPECT_EQ(state_for(1, all_panic, "grub-menu"), "kernel-panic");  // no '-' after it
}

TEST(FleetState, EmptyMix_IsAllLoginPrompt) {
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(state_for(3, {}, "vm-" + std::to_string(i)), "login-prompt");
  }
}

TEST(FleetState, Mix_GivesItsFractions) {
  const FleetMix mix = {{"emergency-mode", 0.3}, {"blank", 0.2}};
  std::map<std::string, int> counts;
  constexpr int kKeys = 10000;
  for (int i = 0; i < kKeys; ++i) ++counts[state_for(11, mix, "vm-" + std::to_string(i))];
  EXPECT_EQ(counts.size(), 3u);
  EXPECT_NEAR(counts["emergency-mode"], 3000, 300);
  EXPECT_NEAR(counts["blank"], 2000, 300);
  EXPECT_NEAR(counts["login-prompt"], 5000, 300);
}

TEST(FleetState, Seed_ChangesTheDraw) {
  const auto mix = default_fleet_mix();
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string key = "vm-" + std::to_string(i);
    differ += state_for(1, mix, key) != state_for(2, mix, key);
  }
  EXPECT_GT(differ, 20);
}

TEST(FleetState, ParseMix_ReadsPairsInOrder) {
  const auto mix = parse_fleet_mix("kernel-panic=0.25,blank=0.5");
  ASSERT_EQ(mix.size(), 2u);
  EXPECT_EQ(mix[0].first, "kernel-panic");
  EXPECT_DOUBLE_EQ(mix[0].second, 0.25);
  EXPECT_EQ(mix[1].first, "blank");
}

TEST(FleetState, ParseMix_RejectsBadInput) {
  EXPECT_THROW(parse_fleet_mix("meteor=0.1"), std::invalid_argument);
  EXPECT_THROW(parse_fleet_mix("blank=0.6,graphical=0.6"), std::invalid_argument);
  EXPECT_THROW(parse_fleet_mix("blank=lots"), std::invalid_argument);
  EXPECT_THROW(parse_fleet_mix("blank=-0.1"), std::invalid_argument);
  EXPECT_THROW(parse_fleet_mix("blank"), std::invalid_argument);
  EXPECT_THROW(parse_fleet_mix("blank=0.1,blank=0.1"), std::invalid_argument);
  EXPECT_NO_THROW(parse_fleet_mix("blank=0.1,graphical=0.2,kernel-panic=0.7"));
}

TEST(FleetState, KeysAndHostNames) {
  EXPECT_EQ(key_of_token("vm-57.3fa9"), "vm-57");
  EXPECT_EQ(key_of_token("abcdef"), "abcdef");
  EXPECT_TRUE(is_valid_key("vm-57"));
  EXPECT_FALSE(is_valid_key("vm.57"));
  EXPECT_FALSE(is_valid_key(""));
  EXPECT_EQ(host_name_for("VM_57"), "vm-57");
  EXPECT_EQ(host_name_for("__"), "debian");
}

class FleetRegistry : public ::testing::Test {
 protected:
  std::shared_ptr<const codecs::PsfFont> font_ =
      std::make_shared<const codecs::PsfFont>(codecs::PsfFont::load(
          std::string(screen::FontTextReader::kDefaultFontDir) + "/Lat15-VGA16.psf.gz"));
  Fleet fleet_{FleetOptions{}, font_, input::KeyboardLayout::by_name("us")};
};

TEST_F(FleetRegistry, UntouchedConsole_IsDroppedWithItsLastSession) {
  auto a = fleet_.open("kernel-panic-1");
  auto b = fleet_.open("kernel-panic-1");
  EXPECT_EQ(a, b);
  fleet_.close(a);
  EXPECT_NE(fleet_.find("kernel-panic-1"), nullptr);
  fleet_.close(b);
  EXPECT_EQ(fleet_.find("kernel-panic-1"), nullptr);
  EXPECT_FALSE(fleet_.tick(Clock::now()));
}

TEST_F(FleetRegistry, TypedIntoConsole_Persists) {
  auto console = fleet_.open("emergency-mode-1");
  for (char32_t c : std::u32string(U"mks\r")) console->unicode(c);
  fleet_.close(console);
  const auto again = fleet_.open("emergency-mode-1");
  EXPECT_EQ(again, console);
  ASSERT_NE(again->console(), nullptr);
  EXPECT_EQ(again->console()->line(again->console()->cursor().row), "root@emergency-mode-1:~#");
}

TEST_F(FleetRegistry, BootingConsole_StaysOnTheClockUntilItIsDone) {
  auto console = fleet_.open("emergency-mode-2");
  for (char32_t c : std::u32string(U"mks\rfsck -y /dev/sda1\rreboot\r")) console->unicode(c);
  fleet_.close(console);
  EXPECT_TRUE(console->wants_clock());
  EXPECT_TRUE(fleet_.tick(Clock::now() + 1s));
  EXPECT_FALSE(fleet_.tick(Clock::now() + 3s));
  EXPECT_EQ(console->console()->line(console->console()->cursor().row), "emergency-mode-2 login:");
}

TEST_F(FleetRegistry, PictureStates_ShareOneImage) {
  auto a = fleet_.open("windows-recovery-1");
  auto b = fleet_.open("windows-recovery-2");
  EXPECT_EQ(&a->framebuffer(), &b->framebuffer());
  EXPECT_EQ(a->console(), nullptr);
  EXPECT_EQ(a->framebuffer().width(), 1024);
}

TEST_F(FleetRegistry, Api_AnswersStateAndScreensByKey) {
  const auto state = answer_fleet_api(fleet_, "GET", "/api/fleet/state?key=grub-rescue-4");
  ASSERT_TRUE(state);
  EXPECT_EQ(nlohmann::json::parse(state->body),
            (nlohmann::json{{"key", "grub-rescue-4"}, {"state", "grub-rescue"}}));
  EXPECT_EQ(answer_fleet_api(fleet_, "GET", "/api/fleet/state")->status, 400u);
  EXPECT_EQ(answer_fleet_api(fleet_, "GET", "/api/text?key=grub-rescue-4")->status, 404u);
  auto console = fleet_.open("grub-rescue-4");
  const auto text = answer_fleet_api(fleet_, "GET", "/api/text?key=grub-rescue-4");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, 200u);
  EXPECT_NE(text->body.find("grub rescue>"), std::string::npos);
  EXPECT_FALSE(answer_fleet_api(fleet_, "GET", "/api/other?key=x"));
}

// A fleet simulator and the agent's Session reading what each console shows.
class FleetInstance : public ::testing::Test {
 protected:
  FleetInstance() {
    SimConfig config;
    config.server.tls = false;
    config.fleet = true;
    sim_ = std::make_unique<SimInstance>(io_, config);
  }

  // Connects to `url`, waits for a whole frame and reads it with the agent's font reader.
  asio::awaitable<void> read_console(std::string url, std::string& text) {
    const auto target = transport::Url::parse(url);
    const session::SessionOptions options;
    auto session = co_await session::Session::open(target, options);
    co_await session->wait_full_frame(Clock::now() + 5s);
    const auto read = reader_.read(session->screen());
    text = read ? read->joined() : "(not a text console)";
    co_await session->close();
  }

  std::string text_at(const std::string& url) {
    std::string text;
    testing::run_on(io_, read_console(url, text));
    return text;
  }

  asio::io_context io_;
  std::unique_ptr<SimInstance> sim_;
  screen::FontTextReader reader_ = screen::FontTextReader::with_default_fonts();
};

TEST_F(FleetInstance, TwoTicketKeys_ShowTheirOwnStates) {
  const std::string panic = text_at(sim_->issue_ticket_url("kernel-panic-1"));
  const std::string login = text_at(sim_->issue_ticket_url("login-prompt-2"));
  EXPECT_NE(panic.find("Kernel panic - not syncing"), std::string::npos) << panic;
  EXPECT_NE(login.find("login-prompt-2 login:"), std::string::npos) << login;
  EXPECT_EQ(login.find("Kernel panic"), std::string::npos);
}

TEST_F(FleetInstance, ConsolePath_ServesPlainRfbAgainAndAgain) {
  const std::string url = sim_->console_url("grub-rescue-7");
  EXPECT_EQ(url.rfind("ws://127.0.0.1:", 0), 0u);
  for (int i = 0; i < 2; ++i) {
    const std::string text = text_at(url);
    EXPECT_NE(text.find("grub rescue>"), std::string::npos) << text;
  }
}

TEST(FleetForeignTickets, VcsimStyleToken_OpensTheConsoleOfItsKey) {
  asio::io_context io;
  SimConfig config;
  config.server.tls = false;
  config.server.accept_foreign_tickets = true;
  config.fleet = true;
  config.fleet_mix = {{"fsck-manual", 1.0}};
  SimInstance sim(io, config);
  std::string text;
  const auto url = transport::Url::parse(sim.ticket_url("vm-57.3fa9c0de"));
  auto read = [&]() -> asio::awaitable<void> {
    const session::SessionOptions options;
    auto session = co_await session::Session::open(url, options);
    co_await session->wait_full_frame(Clock::now() + 5s);
    const auto lines = screen::FontTextReader::with_default_fonts().read(session->screen());
    text = lines ? lines->joined() : "";
    co_await session->close();
  };
  testing::run_on(io, read());
  EXPECT_NE(text.find("requires a manual fsck"), std::string::npos) << text;
  EXPECT_EQ(sim.fleet().state_of("vm-57"), "fsck-manual");
}

TEST_F(FleetInstance, ConsolePathWithBadKey_IsRefused) {
  auto open = [&]() -> asio::awaitable<void> {
    const auto target = transport::Url::parse(sim_->console_url("no.dots"));
    const session::SessionOptions options;
    auto session = co_await session::Session::open(target, options);
  };
  EXPECT_ANY_THROW(testing::run_on(io_, open()));
  EXPECT_EQ(sim_->fleet().size(), 0u);
}

TEST_F(FleetInstance, NotAFleetMachine_IsALogicError) {
  EXPECT_THROW(sim_->machine(), std::logic_error);
  EXPECT_THROW(sim_->served_machine(), std::logic_error);
  EXPECT_EQ(sim_->fleet().size(), 0u);
}

}  // namespace
}  // namespace mks::sim
