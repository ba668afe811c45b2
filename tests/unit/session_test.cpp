// Session over a scripted stream: full frames, timeouts, typing and keys, close.
#include "agent/session/session.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>

#include "agent/errors.h"
#include "agent/input/keyboard_layout.h"
#include "agent/input/scancodes.h"
#include "agent/rfb/protocol.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::session {
namespace {

using namespace std::chrono_literals;
using testing::Bytes;
using testing::cat;
using testing::fill_rect;
using testing::update_header;

class SessionTest : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream* stream = nullptr;
  std::shared_ptr<Session> session;

  SessionOptions options() {
    SessionOptions o;
    o.key_delay = 0ms;
    o.handshake_timeout = 2000ms;
    return o;
  }
  // A direct-variant WebMKS server that stays connected; `extra` follows ServerInit.
  void open(const Bytes& extra = {}, SessionOptions o = {}) {
    auto fake = std::make_unique<testing::FakeByteStream>(io);
    stream = fake.get();
    stream->hold_open();
    stream->feed(testing::server_init(8, 8, "sim"));
    stream->feed(extra);
    session = testing::run_sync(io, Session::open(std::move(fake), o));
    stream->clear_sent();
  }
  // The same, with a first update painting the whole screen: input waits for one.
  void open_painted(SessionOptions o) {
    open(cat({update_header(1, 1), fill_rect(0, 0, 8, 8, 1, 2, 3)}), o);
  }
  void TearDown() override {
    if (session) testing::run_sync(io, session->close());
    io.restart();
    io.run_for(100ms);  // let the message loop see the close
  }
  Clock::time_point soon(std::chrono::milliseconds d = 2000ms) { return Clock::now() + d; }
  // Payloads of VMW KeyEvents sent so far as (scancode, down).
  std::vector<std::pair<int, bool>> vmw_keys() const {
    std::vector<std::pair<int, bool>> out;
    for (const auto& m : stream->sent()) {
      if (m.size() == 8 && m[0] == 0x7f && m[1] == 0) out.emplace_back(m[4] << 8 | m[5], m[6] == 1);
    }
    return out;
  }
};

TEST_F(SessionTest, WaitFullFrameReturnsTheFrameOnceEveryPixelIsPainted) {
  open({}, options());
  stream->feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 4, 10, 20, 30)}));
  stream->feed(cat({update_header(1, 1), fill_rect(0, 4, 8, 4, 40, 50, 60)}));
  codecs::Image frame = testing::run_sync(io, session->wait_full_frame(soon()));
  ASSERT_EQ(frame.width(), 8);
  EXPECT_EQ(frame.at(0, 0) & 0xFFFFFF, codecs::rgb(10, 20, 30));
  EXPECT_EQ(frame.at(7, 7) & 0xFFFFFF, codecs::rgb(40, 50, 60));
}

TEST_F(SessionTest, WaitFullFrameTimesOutOnAPartialScreen) {
  open({}, options());
  stream->feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 4, 1, 1, 1)}));
  try {
    testing::run_sync(io, session->wait_full_frame(soon(100ms)));
    FAIL() << "expected TimeoutError";
  } catch (const TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("no full frame"), std::string::npos) << e.what();
  }
}

TEST_F(SessionTest, WaitFullFrameReportsTheConnectionsErrorWhenItEnds) {
  open({}, options());
  stream->feed(Bytes{9});  // unknown message type
  EXPECT_THROW(testing::run_sync(io, session->wait_full_frame(soon())), ProtocolError);
}

TEST_F(SessionTest, SilentServerHandshakeTimesOut) {
  auto fake = std::make_unique<testing::FakeByteStream>(io);
  fake->hold_open();
  auto o = options();
  o.handshake_timeout = 100ms;
  const auto started = Clock::now();
  try {
    testing::run_sync(io, Session::open(std::move(fake), o));
    FAIL() << "expected TimeoutError";
  } catch (const TimeoutError& e) {
    EXPECT_NE(std::string(e.what()).find("no RFB handshake"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - started, 2s);
}

TEST_F(SessionTest, TypeSendsShiftedScancodesInOrder) {
  open_painted(options());
  testing::run_sync(io, session->type(U"aB\n", input::KeyboardLayout::by_name("us")));
  const std::vector<std::pair<int, bool>> expected = {{0x1E, true}, {0x1E, false}, {0x2A, true},
                                                      {0x30, true}, {0x30, false}, {0x2A, false},
                                                      {0x1C, true}, {0x1C, false}};
  EXPECT_EQ(vmw_keys(), expected);
}

TEST_F(SessionTest, TypeRejectsCharactersTheLayoutLacksBeforeSendingAnything) {
  open_painted(options());
  EXPECT_THROW(
      testing::run_sync(io, session->type(U"ab\u20ac", input::KeyboardLayout::by_name("us"))),
      std::invalid_argument);
  EXPECT_TRUE(stream->sent().empty());
}

TEST_F(SessionTest, TypeWaitsTheKeyDelayBetweenEvents) {
  auto o = options();
  o.key_delay = 20ms;
  open_painted(o);
  const auto started = Clock::now();
  testing::run_sync(io, session->type(U"ab", input::KeyboardLayout::by_name("us")));
  EXPECT_GE(Clock::now() - started, 80ms);  // 4 events
  EXPECT_EQ(vmw_keys().size(), 4u);
}

TEST_F(SessionTest, KeyCtrlAltDeletePressesInOrderReleasesInReverse) {
  open_painted(options());
  testing::run_sync(io, session->key("ctrl+alt+delete"));
  const std::vector<std::pair<int, bool>> expected = {{0x1D, true},   {0x38, true},  {0x153, true},
                                                      {0x153, false}, {0x38, false}, {0x1D, false}};
  EXPECT_EQ(vmw_keys(), expected);
}

TEST_F(SessionTest, KeyWithUnknownNameThrowsBeforeSending) {
  open_painted(options());
  EXPECT_THROW(testing::run_sync(io, session->key("ctrl+nokey")), std::invalid_argument);
  EXPECT_TRUE(stream->sent().empty());
}

TEST_F(SessionTest, CloseSendsVmwSessionCloseWhenTheServerAskedForIt) {
  open(testing::server_caps(rfb::server_caps::kSessionClose), options());
  testing::run_sync(io, session->settle(50ms, soon()));  // let the caps arrive
  testing::run_sync(io, session->close());
  ASSERT_FALSE(stream->sent().empty());
  EXPECT_EQ(stream->sent().back(), (Bytes{0x7f, 0x0c, 0x00, 0x08, 0, 0, 0, 23}));
  EXPECT_TRUE(stream->closed());
  session.reset();
}

TEST_F(SessionTest, CloseWithoutSessionCloseCapSendsNothing) {
  open({}, options());
  testing::run_sync(io, session->close());
  EXPECT_TRUE(stream->sent().empty());
  EXPECT_TRUE(stream->closed());
  session.reset();
}

TEST_F(SessionTest, ChangeWatchGetsTheRectanglesOfEachUpdate) {
  open({}, options());
  auto watch = session->watch_changes();
  stream->feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 8, 1, 2, 3)}));
  testing::run_sync(io, session->wait_full_frame(soon()));
  watch->take(session->screen());  // the first look: everything
  stream->feed(cat({update_header(1, 1), fill_rect(2, 3, 4, 1, 9, 9, 9)}));
  testing::run_sync(io, session->settle(50ms, soon()));
  ASSERT_TRUE(watch->changed());
  EXPECT_EQ(watch->take(session->screen()), (std::vector<codecs::Rect>{{2, 3, 4, 1}}));
}

TEST_F(SessionTest, FrameListenersHearOnlyWholeFrames) {
  open({}, options());
  int frames = 0;
  session->on_frame([&](const codecs::Image& image, Clock::time_point) {
    EXPECT_EQ(image.width(), 8);
    ++frames;
  });
  stream->feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 4, 1, 2, 3)}));
  testing::run_sync(io, session->settle(50ms, soon()));
  EXPECT_EQ(frames, 0);  // half the screen is still unpainted
  stream->feed(cat({update_header(1, 1), fill_rect(0, 4, 8, 4, 1, 2, 3)}));
  testing::run_sync(io, session->settle(50ms, soon()));
  EXPECT_EQ(frames, 1);
}

// The first update brings the server's caps (VMware scancode keys, QEMU's extended key
// events); keys sent before it would go out as keysyms.
TEST_F(SessionTest, InputWaitsForTheFirstUpdate) {
  open({}, options());
  bool typed = false;
  boost::asio::co_spawn(io, session->key("a"), [&](std::exception_ptr) { typed = true; });
  io.restart();
  io.run_for(100ms);
  EXPECT_FALSE(typed);
  EXPECT_TRUE(stream->sent().empty());
  stream->feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 8, 1, 2, 3)}));
  io.restart();
  io.run_for(100ms);
  EXPECT_TRUE(typed);
  const std::vector<std::pair<int, bool>> expected = {{0x1E, true}, {0x1E, false}};
  EXPECT_EQ(vmw_keys(), expected);
}

TEST_F(SessionTest, HeldKeysAreReleasedAtClose) {
  open_painted(options());
  testing::run_sync(io, session->key_down(input::scancode::kLeftShift));
  testing::run_sync(io, session->key_down(input::scancode::kLeftCtrl));
  testing::run_sync(io, session->close());
  const auto keys = vmw_keys();
  session.reset();  // closed already
  ASSERT_EQ(keys.size(), 4u);
  EXPECT_EQ(keys[2], std::make_pair(int{input::scancode::kLeftCtrl}, false));
  EXPECT_EQ(keys[3], std::make_pair(int{input::scancode::kLeftShift}, false));
}

}  // namespace
}  // namespace mks::session
