// The agent against TigerVNC's Xvnc (a real X server speaking RFB), with an xterm as the
// only window, over vnc:// and through websockify over ws://: type a command, read its
// output. The xterm draws with Terminus 8x16 (xfonts-terminus), the glyphs of the console
// font Lat15-Terminus16, so the agent's font reader reads it exactly, without OCR.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "agent/screen/screen_text.h"
#include "agent/screen/text_reader.h"
#include "agent/session/session.h"
#include "codecs/png.h"
#include "tests/support/peer_scripts.h"
#include "tests/support/programs.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class XvncTerminal : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string missing = missing_programs({"Xvnc", "xterm", "websockify"});
    if (!fs::exists("/usr/share/fonts/X11/misc/ter-u16n_unicode.pcf.gz")) {
      missing += missing.empty() ? "xfonts-terminus" : ", xfonts-terminus";
    }
    if (!missing.empty()) {
      if (peers_required()) FAIL() << "Xvnc peer required but missing: " << missing;
      GTEST_SKIP() << "Xvnc peer not available: " << missing;
    }
    state_ = peer_state_dir("xvnc-" + std::to_string(getpid()));
    std::vector<std::string> env = {"MAX_RUNTIME=300"};
    if (!password().empty()) env.push_back("VNC_PASSWORD=" + password());
    vars_ = start_peer("start-xvnc.sh", state_, env);
  }
  // Non-empty: Xvnc asks for this VNC password.
  virtual std::string password() const { return {}; }
  void TearDown() override {
    if (state_.empty()) return;
    run_peer_script("start-xvnc.sh", {"stop", state_.string()});
    fs::remove_all(state_);
  }

  // Types a command into the xterm with a runbook and waits for its answer on screen.
  void type_and_read(const std::string& url, std::vector<std::string> options = {}) {
    const fs::path dir = scratch_dir();
    std::ofstream(dir / "xterm.lua") << "wait_text('bash-', 20)\n"
                                        "type('echo \"sum $((6*7))\"\\n')\n"
                                        "wait_text('sum 42', 10)\n"
                                        "screenshot('answer.png')\n";
    std::vector<std::string> args = {"run",   (dir / "xterm.lua").string(), "--target", url,
                                     "--out", (dir / "out").string()};
    args.insert(args.end(), options.begin(), options.end());
    const auto run = mksagent(args, 60s);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    // Read by the console font, not by tesseract: exact, and in a millisecond.
    const auto shot = codecs::read_png_file(dir / "out" / "answer.png");
    const auto text = screen::FontTextReader::with_default_fonts().read(shot);
    ASSERT_TRUE(text.has_value()) << "the font reader found no text grid";
    EXPECT_TRUE(text->contains("sum 42")) << text->joined();
    EXPECT_TRUE(text->contains("echo \"sum $((6*7))\"")) << text->joined();
  }

  fs::path state_;
  std::map<std::string, std::string> vars_;
};

// Waits for updates until `wanted` is on the screen. A bare prompt with its block cursor is
// too little text for the font reader alone, hence OCR as the runbook's wait_text has it.
boost::asio::awaitable<bool> wait_for_text(session::Session& session, std::string_view wanted,
                                           session::Clock::time_point deadline) {
  screen::ScreenTextReader reader;
  while (session::Clock::now() < deadline) {
    if (session.screen_ready() && reader.read(session.screen()).contains(wanted)) co_return true;
    co_await session.wait_update(deadline);
  }
  co_return false;
}

// GCC 12 under ASan flags Asio's coroutine frame delete below as mismatched (a false
// positive, as in bench/typing_bench.cpp).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
// In process, to see the client's counters: Xvnc offers continuous updates and fences, so
// after the first frame no update request goes out, yet typed text still shows.
boost::asio::awaitable<void> type_with_continuous_updates(std::string url) {
  // Named, not temporaries: GCC 12 destroys a temporary argument of a coroutine twice.
  const auto address = transport::Url::parse(url);
  const session::SessionOptions options;
  auto session = co_await session::Session::open(address, options);
  co_await session->wait_full_frame(session::Clock::now() + 30s);
  EXPECT_TRUE(co_await wait_for_text(*session, "bash-", session::Clock::now() + 30s));
  const rfb::Client& client = *session->rfb_client();
  EXPECT_TRUE(client.continuous_updates());
  EXPECT_GE(client.fences_answered(), 1u);
  const std::uint64_t requests = client.update_requests();
  const std::uint64_t updates = client.updates();
  co_await session->type(U"echo \"cu $((2+3))\"\n", input::KeyboardLayout::by_name("us"));
  EXPECT_TRUE(co_await wait_for_text(*session, "cu 5", session::Clock::now() + 30s));
  EXPECT_GT(client.updates(), updates);
  EXPECT_EQ(client.update_requests(), requests) << "requests went out with continuous updates on";
  co_await session->close();
}
#pragma GCC diagnostic pop

TEST_F(XvncTerminal, Vnc_TypesACommandAndReadsItsOutput) {
  type_and_read("vnc://127.0.0.1:" + vars_.at("VNC_PORT"));
}

TEST_F(XvncTerminal, Vnc_ContinuousUpdatesCarryTheTypedText) {
  boost::asio::io_context io;
  auto done = boost::asio::co_spawn(
      io, type_with_continuous_updates("vnc://127.0.0.1:" + vars_.at("VNC_PORT")),
      boost::asio::use_future);
  // Not io.run(): after a failure the session's message loop would keep it busy.
  while (done.wait_for(0s) != std::future_status::ready && io.run_one() > 0) {
  }
  done.get();
}

TEST_F(XvncTerminal, WebSocketThroughWebsockify_TypesACommandAndReadsItsOutput) {
  type_and_read("ws://127.0.0.1:" + vars_.at("WS_PORT") + "/");
}

class XvncWithPassword : public XvncTerminal {
 protected:
  std::string password() const override { return "xterm-pw"; }
};

TEST_F(XvncWithPassword, RunWithPasswordFileAndEncoding_TypesACommandAndReadsItsOutput) {
  const fs::path file = state_ / "agent-password";  // not scratch_dir(): type_and_read empties it
  std::ofstream(file) << password() << "\n";
  type_and_read("vnc://127.0.0.1:" + vars_.at("VNC_PORT"),
                {"--password-file", file.string(), "--encoding", "zrle"});
}

}  // namespace
}  // namespace mks::test
