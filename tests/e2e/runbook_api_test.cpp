// The runbook API call by call: a Runbook and the simulator in one process, on one
// io_context, talking WebMKS over the loopback network.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "codecs/png.h"
#include "scripting/runbook.h"
#include "tests/support/programs.h"
#include "tools/webmks_sim/sim_instance.h"

namespace mks::scripting {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;

struct Outcome {
  std::string error;     // "" when the runbook ran to its end
  std::string progress;  // the progress lines
};

class RunbookApi : public ::testing::Test {
 protected:
  // A simulator for the next run() (which otherwise starts its own).
  void start(const std::string& machine) {
    sim::SimConfig config;
    config.machine = machine;
    simulator_ = std::make_unique<sim::SimInstance>(
        io_, config, [this](const nlohmann::json& e) { events_.push_back(e); });
    fresh_ = true;
  }

  // Runs `source` as t.lua against a fresh simulator (`machine` echo or pc).
  Outcome run(const std::string& source, const std::string& machine = "echo") {
    if (!fresh_) start(machine);  // each run gets its own simulator
    fresh_ = false;
    RunbookOptions options;
    options.out_dir = out_;
    options.base_dir = out_;
    options.vars = vars_;
    options.wait_timeout = std::chrono::seconds(10);
    options.session.key_delay = std::chrono::milliseconds(1);
    options.session.connect.tls.thumbprint =
        transport::Thumbprint::parse(simulator_->thumbprint_sha256());
    std::ostringstream progress;
    Runbook runbook(io_.get_executor(), options, &progress);
    Outcome outcome;
    const auto url = transport::Url::parse(simulator_->issue_ticket_url());
    auto play = [&]() -> asio::awaitable<void> {
      auto session = co_await session::Session::open(url, options.session);
      // As mksagent run does: the first frame brings the server's caps (scancode keys).
      co_await session->wait_full_frame(session::Clock::now() + std::chrono::seconds(10));
      runbook.add_console(session, "sim");
      try {
        co_await runbook.run_source(source, "t.lua");
      } catch (const RunbookError& e) {
        outcome.error = e.what();
      }
      co_await runbook.close();
    };
    asio::co_spawn(io_, play(), [this](std::exception_ptr e) {
      simulator_->stop();
      if (e) std::rethrow_exception(e);
    });
    io_.run();
    io_.restart();
    outcome.progress = progress.str();
    return outcome;
  }

  std::string screen_text() const {
    std::string text;
    for (const auto& line : simulator_->machine().console().lines()) text += line + "\n";
    return text;
  }

  std::vector<std::string> scancodes_down() const {
    std::vector<std::string> codes;
    for (const auto& e : events_) {
      if (e.value("event", "") == "key" && e.value("down", false)) {
        codes.push_back(e.value("scancode", "?"));
      }
    }
    return codes;
  }

  asio::io_context io_;
  std::unique_ptr<sim::SimInstance> simulator_;
  bool fresh_ = false;  // started and not yet run against
  std::vector<nlohmann::json> events_;
  fs::path out_ = test::scratch_dir();
  std::map<std::string, std::string> vars_;
};

TEST_F(RunbookApi, Type_TextAppearsOnTheConsole) {
  const auto outcome = run("type('echo hi there')\nwait_text('sim$ echo hi there', 5)");
  EXPECT_EQ(outcome.error, "");
  EXPECT_NE(screen_text().find("sim$ echo hi there"), std::string::npos) << screen_text();
  EXPECT_NE(outcome.progress.find("t.lua:1 type \"echo hi there\""), std::string::npos)
      << outcome.progress;
}

TEST_F(RunbookApi, TypeSecret_IsTypedButNeverShown) {
  const auto outcome =
      run("type_secret('hunter2-pw')\nwait_text('hunter2-pw', 5)\nlog('it was hunter2-pw')\n"
          "fail('still hunter2-pw')");
  EXPECT_NE(screen_text().find("hunter2-pw"), std::string::npos);
  EXPECT_EQ(outcome.progress.find("hunter2"), std::string::npos) << outcome.progress;
  EXPECT_NE(outcome.progress.find("type_secret (10 characters)"), std::string::npos);
  EXPECT_EQ(outcome.error, "t.lua:4: still ••••");
}

TEST_F(RunbookApi, Key_SendsTheComboScancodes) {
  const auto outcome = run("key('ctrl+alt+delete')\nwait_text('Ctrl+Alt+Del', 5)");
  EXPECT_EQ(outcome.error, "");
  EXPECT_EQ(scancodes_down(), (std::vector<std::string>{"0x1d", "0x38", "0x153"}));
}

TEST_F(RunbookApi, Keys_PackerNotationTypesPressesAndWaits) {
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = run("keys('ab<enter>c<wait300ms>d<bs>e')\nwait_text('sim$ ce', 5)");
  EXPECT_EQ(outcome.error, "");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_NE(screen_text().find("sim$ ab\nsim$ ce"), std::string::npos) << screen_text();
}

TEST_F(RunbookApi, Keys_UnknownName_FailsBeforeSendingAnything) {
  const auto outcome = run("keys('abc<entr>')");
  EXPECT_NE(outcome.error.find("t.lua:1: "), std::string::npos);
  EXPECT_NE(outcome.error.find("entr"), std::string::npos) << outcome.error;
  EXPECT_TRUE(scancodes_down().empty());
}

TEST_F(RunbookApi, Type_CharacterTheLayoutLacks_NamesItAndSendsNothing) {
  const auto outcome = run("\ntype('price: 5¥')");
  EXPECT_EQ(outcome.error, "t.lua:2: type: layout \"us\" has no key for \"¥\" (U+00A5)");
  EXPECT_TRUE(scancodes_down().empty());
}

TEST_F(RunbookApi, WaitText_Timeout_SaysWhatItWaitedForAndSavesTheScreen) {
  const auto outcome = run("\n\nwait_text('login:', 0.3)");
  EXPECT_EQ(outcome.error, "t.lua:3: wait_text timed out (waited 0.3 s for \"login:\")");
  ASSERT_TRUE(fs::exists(out_ / "failure.png"));
  const auto shot = codecs::read_png_file(out_ / "failure.png");
  EXPECT_TRUE(shot.same_pixels(simulator_->machine().framebuffer()));
}

TEST_F(RunbookApi, WaitText_FailureIsCatchableWithPcall) {
  const auto outcome =
      run("local ok, err = pcall(wait_text, 'nothing', 0.2)\n"
          "assert(not ok and err:find('timed out'), err)\n"
          "type('after')\nwait_text('sim$ after', 5)");
  EXPECT_EQ(outcome.error, "");
}

TEST_F(RunbookApi, HasTextAndScreenText_ReadTheScreenNow) {
  const auto outcome =
      run("wait_text('sim$', 5)\n"
          "assert(has_text('sim$') == true)\n"
          "assert(has_text('not there') == false)\n"
          "local text = screen_text()\n"
          "assert(text:find('sim%$'), text)\n");
  EXPECT_EQ(outcome.error, "");
}

TEST_F(RunbookApi, WaitScreen_MatchesAReferenceAndMatchesRejectsAnother) {
  // The reference: the screen as it will be after typing "xyz"; a second one differs in the
  // typed text only.
  const auto outcome =
      run("type('xyz')\nwait_text('sim$ xyz', 5)\nscreenshot('ref.png')\n"
          "wait_screen('ref.png', {timeout = 5})\n"
          "assert(matches('ref.png'))\n"
          "type('w')\nwait_text('xyzw', 5)\n"
          "assert(not matches('ref.png', {area = {x = 0, y = 64, w = 200, h = 16}, similarity = "
          "0.99}))\n"
          "wait_screen('ref.png', {area = {x = 0, y = 64, w = 200, h = 16}, timeout = 0.3})\n");
  EXPECT_NE(outcome.error.find("t.lua:9: wait_screen timed out (waited 0.3 s for ref.png"),
            std::string::npos)
      << outcome.error;
}

TEST_F(RunbookApi, WaitStill_And_WaitChange) {
  const auto outcome =
      run("wait_still(0.2, 5)\n"
          "local ok, err = pcall(wait_change, 0.2)\n"
          "assert(not ok and err:find('wait_change timed out'), err)\n");
  EXPECT_EQ(outcome.error, "");
}

TEST_F(RunbookApi, WaitChange_SeesTheBootingMachine) {
  EXPECT_EQ(run("wait_change(10)\nwait_change(10)", "pc").error, "");
}

TEST_F(RunbookApi, Screenshot_WritesTheScreenAndReturnsThePath) {
  const auto outcome =
      run("wait_still(0.1)\nlocal p = screenshot('shots/one.png')\n"
          "assert(p:find('shots/one.png'), p)");
  EXPECT_EQ(outcome.error, "");
  const auto shot = codecs::read_png_file(out_ / "shots" / "one.png");
  EXPECT_TRUE(shot.same_pixels(simulator_->machine().framebuffer()));
}

TEST_F(RunbookApi, Mouse_ClickArrivesAtTheServer) {
  const auto outcome = run("mouse_click('right', 100, 50)");
  EXPECT_EQ(outcome.error, "");
  bool pressed = false, released = false;
  for (const auto& e : events_) {
    if (e.value("event", "") != "pointer") continue;
    if (e.value("x", -1) != 100 || e.value("y", -1) != 50) continue;
    if (e.value("buttons", -1) == 4) pressed = true;
    if (pressed && e.value("buttons", -1) == 0) released = true;
  }
  EXPECT_TRUE(pressed && released);
}

TEST_F(RunbookApi, EnvAndVar) {
  ::setenv("MKS_TEST_SECRET_VALUE", "s3cr3t-value", 1);
  vars_["user"] = "root";
  const auto outcome =
      run("assert(var('user') == 'root')\nassert(var('missing', 'x') == 'x')\n"
          "local s = env('MKS_TEST_SECRET_VALUE')\nlog('secret is ' .. s)\n"
          "assert(env('MKS_TEST_UNSET_VALUE', 'd') == 'd')\n"
          "env('MKS_TEST_UNSET_VALUE')");
  EXPECT_EQ(outcome.error, "t.lua:6: env: environment variable MKS_TEST_UNSET_VALUE is not set");
  EXPECT_EQ(outcome.progress.find("s3cr3t"), std::string::npos) << outcome.progress;
  EXPECT_NE(outcome.progress.find("secret is ••••"), std::string::npos) << outcome.progress;
}

TEST_F(RunbookApi, Var_Missing_TellsHowToGiveIt) {
  EXPECT_EQ(run("var('host')").error, "t.lua:1: var: no value for \"host\" (give --var host=...)");
}

TEST_F(RunbookApi, BadCall_NamesTheCallArgumentAndLine) {
  EXPECT_EQ(run("\ntype(42)").error,
            "t.lua:2: type: argument 1 (text) must be a string, got number");
  EXPECT_EQ(run("wait_text('x', 'soon')").error,
            "t.lua:1: wait_text: argument 2 (timeout or options) must be a number or a table, "
            "got string");
}

TEST_F(RunbookApi, Connect_SecondConsoleTakesMethodCalls) {
  start("echo");
  vars_["url2"] = simulator_->issue_ticket_url();
  vars_["thumbprint"] = simulator_->thumbprint_sha1();
  const auto outcome =
      run("local other = connect(var('url2'), {thumbprint = var('thumbprint')})\n"
          "assert(tostring(other):find('console'))\n"
          "other:type('from two')\nother:wait_text('sim$ from two', 5)\n"
          "type(' and one')\nwait_text('from two and one', 5)\n"
          "connect(var('url2'))\n");
  // Both consoles show the one machine; the ticket was used once, so a third connect fails.
  EXPECT_NE(outcome.error.find("t.lua:7: "), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("503"), std::string::npos) << outcome.error;
}

TEST_F(RunbookApi, Connect_WithoutTarget_IsAClearError) {
  EXPECT_EQ(run("connect(nil)").error,
            "t.lua:1: connect: argument 1 (target) must be a string, got nil");
}

TEST_F(RunbookApi, LuaType_IsStillThere) {
  EXPECT_EQ(run("assert(lua_type({}) == 'table')").error, "");
}

}  // namespace
}  // namespace mks::scripting
