#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/protocol.h"
#include "codecs/tightpng_decoder.h"
#include "tools/webmks_sim/rfb_server_session.h"
#include "tools/webmks_sim/sim_machine.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

// An in-memory ByteStream: the test feeds what the client sends and reads what was sent.
class FakeStream final : public transport::ByteStream {
 public:
  explicit FakeStream(asio::any_io_executor executor) : executor_(executor), signal_(executor) {}

  asio::any_io_executor get_executor() override { return executor_; }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    while (inbound_.empty()) {
      if (closed_) throw TransportError("fake peer closed the connection");
      signal_.expires_at(asio::steady_timer::time_point::max());
      boost::system::error_code ec;
      co_await signal_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      const auto state = co_await asio::this_coro::cancellation_state;
      if (state.cancelled() != asio::cancellation_type::none) throw TransportError("cancelled");
    }
    const std::size_t n = std::min(buffer.size(), inbound_.size());
    std::copy_n(inbound_.begin(), n, buffer.begin());
    inbound_.erase(inbound_.begin(), inbound_.begin() + static_cast<std::ptrdiff_t>(n));
    co_return n;
  }

  void send(Bytes bytes) override { sent.push_back(std::move(bytes)); }
  asio::awaitable<void> close() override {
    hang_up();
    co_return;
  }
  std::string describe() const override { return "fake"; }

  void feed(const Bytes& bytes) {
    inbound_.insert(inbound_.end(), bytes.begin(), bytes.end());
    signal_.cancel();
  }
  void hang_up() {
    closed_ = true;
    signal_.cancel();
  }

  std::deque<Bytes> sent;

 private:
  asio::any_io_executor executor_;
  asio::steady_timer signal_;
  std::deque<std::uint8_t> inbound_;
  bool closed_ = false;
};

std::uint16_t be16(const Bytes& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t be32(const Bytes& b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}
void put32(Bytes& b, std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  b.insert(b.end(),
           {std::uint8_t(u >> 24), std::uint8_t(u >> 16), std::uint8_t(u >> 8), std::uint8_t(u)});
}

Bytes set_encodings(std::initializer_list<std::int32_t> encodings) {
  Bytes b{2, 0, 0, static_cast<std::uint8_t>(encodings.size())};
  for (auto e : encodings) put32(b, e);
  return b;
}
Bytes update_request(bool incremental) {
  return {3, static_cast<std::uint8_t>(incremental), 0, 0, 0, 0, 0x02, 0xD0, 0x01, 0x90};
}
Bytes vmw_key(std::uint16_t scancode, bool down) {
  return {0x7F, 0, 0, 8, std::uint8_t(scancode >> 8), std::uint8_t(scancode), down, 0};
}

const std::initializer_list<std::int32_t> kClientEncodings = {
    rfb::encoding::kCopyRect,       rfb::encoding::kTightPng,    rfb::encoding::kDesktopSize,
    rfb::encoding::kVmwCursorState, rfb::encoding::kVmwLedState, rfb::encoding::kVmwServerCaps,
    rfb::encoding::kVmwUpdateCache,
};

struct Update {
  std::uint8_t request_id = 0;
  std::vector<std::pair<codecs::Rect, std::int32_t>> rects;
};

// Parses a FramebufferUpdate, drawing its TightPNG rectangles into `fb`.
Update parse_update(const Bytes& m, codecs::Image& fb) {
  Update u;
  EXPECT_EQ(m.at(0), 0);
  u.request_id = m.at(1);
  std::size_t at = 4;
  for (int i = 0; i < be16(m, 2); ++i) {
    const codecs::Rect r{be16(m, at), be16(m, at + 2), be16(m, at + 4), be16(m, at + 6)};
    const auto encoding = static_cast<std::int32_t>(be32(m, at + 8));
    at += 12;
    std::size_t length = 0;
    if (encoding == rfb::encoding::kVmwCursorState) length = 2;
    if (encoding == rfb::encoding::kVmwLedState) length = 4;
    if (encoding == rfb::encoding::kTightPng) {
      const auto rest = std::span(m).subspan(at);
      if (rest[0] == codecs::tightpng::kFill) {
        length = 4;
      } else {
        const auto compact = codecs::tightpng::read_compact_length(rest.subspan(1));
        length = 1 + compact->size + compact->value;
      }
      codecs::tightpng::decode(std::span(m).subspan(at, length), r, fb);
    }
    EXPECT_NE(length, 0u) << "unexpected encoding " << encoding;
    at += length;
    u.rects.emplace_back(r, encoding);
  }
  EXPECT_EQ(at, m.size());
  return u;
}

class SimSession : public ::testing::Test {
 protected:
  ~SimSession() override {
    stream.hang_up();
    pump();
  }

  void start(SessionOptions options = {}) {
    options.heartbeat = std::chrono::milliseconds(0);
    session = std::make_unique<RfbServerSession>(
        stream, machine, options, [this](const nlohmann::json& e) { events.push_back(e); });
    asio::co_spawn(io, session->run(), [this](std::exception_ptr error) {
      finished = true;
      failure = error;
    });
    pump();
  }
  void pump() {
    io.restart();
    io.poll();
  }
  void feed(const Bytes& bytes) {
    stream.feed(bytes);
    pump();
  }
  Bytes next() {
    if (stream.sent.empty()) return {};
    Bytes m = std::move(stream.sent.front());
    stream.sent.pop_front();
    return m;
  }
  // Direct handshake, encodings announced, first full update taken.
  void connect(SessionOptions options = {}) {
    options.handshake = Handshake::kDirect;
    start(options);
    next();  // ServerInit
    feed(set_encodings(kClientEncodings));
    next();  // ServerCaps
    feed(update_request(false));
    parse_update(next(), client_fb);
  }
  void type(std::uint16_t scancode) {
    feed(vmw_key(scancode, true));
    feed(vmw_key(scancode, false));
  }
  std::string prompt_line() const { return machine.console().line(machine.console().cursor().row); }

  asio::io_context io;
  FakeStream stream{io.get_executor()};
  SimMachine machine{codecs::PsfFont::load(kFont), input::KeyboardLayout::by_name("us")};
  codecs::Image client_fb{720, 400};
  std::vector<nlohmann::json> events;
  std::unique_ptr<RfbServerSession> session;
  bool finished = false;
  std::exception_ptr failure;
};

TEST_F(SimSession, RfbHandshake_VersionAloneThenSecurityNoneThenServerInit) {
  start({.handshake = Handshake::kRfb});
  const Bytes version = next();
  EXPECT_EQ(std::string(version.begin(), version.end()), "RFB 003.008\n");
  EXPECT_TRUE(stream.sent.empty());
  const std::string reply = "RFB 003.008\n";
  feed(Bytes(reply.begin(), reply.end()));
  EXPECT_EQ(next(), (Bytes{1, rfb::security::kNone}));
  feed({rfb::security::kNone});
  EXPECT_EQ(next(), (Bytes{0, 0, 0, 0}));
  feed({1});  // ClientInit, shared
  const Bytes init = next();
  ASSERT_EQ(init.size(), 24u + 7);
  EXPECT_EQ(be16(init, 0), 720);
  EXPECT_EQ(be16(init, 2), 400);
  EXPECT_EQ(Bytes(init.begin() + 4, init.begin() + 20),
            (Bytes{32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0}));
  EXPECT_EQ(std::string(init.begin() + 24, init.end()), "mks-sim");
}

TEST_F(SimSession, DirectHandshake_ServerInitIsFirstMessageAndNot12Bytes) {
  start({.handshake = Handshake::kDirect});
  const Bytes init = next();
  EXPECT_NE(init.size(), 12u);
  EXPECT_EQ(be16(init, 0), 720);
  EXPECT_EQ(init[7], 1);  // true colour
}

TEST_F(SimSession, DirectHandshake_ClientInitFromTheClient_IsNamedInTheProtocolError) {
  start({.handshake = Handshake::kDirect});
  next();
  feed({1});  // a ClientInit (shared), as a client expecting the RFB handshake sends it
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at("event"), "protocol-error");
  EXPECT_NE(events.back().at("error").get<std::string>().find("ClientInit"), std::string::npos)
      << events.back().dump();
}

TEST_F(SimSession, ServerCaps_OnlyAfterCapsEncodingAnnounced) {
  start({.handshake = Handshake::kDirect});
  next();
  feed(set_encodings({rfb::encoding::kTightPng}));
  EXPECT_TRUE(stream.sent.empty());
  feed(set_encodings({rfb::encoding::kTightPng, rfb::encoding::kVmwServerCaps}));
  const Bytes caps = next();
  ASSERT_EQ(caps.size(), 8u);
  EXPECT_EQ(Bytes(caps.begin(), caps.begin() + 4), (Bytes{0x7F, 0, 0, 8}));
  EXPECT_TRUE(be32(caps, 4) & rfb::server_caps::kKeyEvent);
  EXPECT_TRUE(be32(caps, 4) & rfb::server_caps::kClientCaps);
  EXPECT_FALSE(be32(caps, 4) & rfb::server_caps::kUpdateAck);
}

TEST_F(SimSession, PushOption_AnnouncesUpdateAck) {
  start({.handshake = Handshake::kDirect, .push = true});
  next();
  feed(set_encodings(kClientEncodings));
  EXPECT_TRUE(be32(next(), 4) & rfb::server_caps::kUpdateAck);
}

TEST_F(SimSession, FullRequest_AnsweredByFullFrameWithRequestId1) {
  start({.handshake = Handshake::kDirect});
  next();
  feed(set_encodings(kClientEncodings));
  next();
  feed(update_request(false));
  const Update update = parse_update(next(), client_fb);
  EXPECT_EQ(update.request_id, 1);
  ASSERT_GE(update.rects.size(), 1u);
  EXPECT_EQ(update.rects.front().second, rfb::encoding::kVmwCursorState);
  EXPECT_TRUE(client_fb.same_pixels(machine.framebuffer()));
}

TEST_F(SimSession, IncrementalRequest_WaitsForChangeThenSendsOnlyDirtyTiles) {
  connect();
  feed(update_request(true));
  EXPECT_TRUE(stream.sent.empty());
  type(0x1E);
  const Update update = parse_update(next(), client_fb);
  ASSERT_GE(update.rects.size(), 1u);
  for (const auto& [r, encoding] : update.rects) EXPECT_LE(r.w * r.h, 64 * 64);
  EXPECT_TRUE(client_fb.same_pixels(machine.framebuffer()));
  EXPECT_TRUE(stream.sent.empty());  // one update per request
}

TEST_F(SimSession, VmwKeyA_EchoesAOnConsoleAndReportsEvent) {
  connect();
  feed({0x7F, 0x00, 0x00, 0x08, 0x00, 0x1E, 0x01, 0x00});
  feed({0x7F, 0x00, 0x00, 0x08, 0x00, 0x1E, 0x00, 0x00});
  EXPECT_EQ(prompt_line(), "sim$ a");
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0], (nlohmann::json{{"event", "key"}, {"scancode", "0x1e"}, {"down", true}}));
}

TEST_F(SimSession, ShiftOne_TypesExclamationMark) {
  connect();
  feed(vmw_key(0x2A, true));
  type(0x02);
  feed(vmw_key(0x2A, false));
  type(0x02);
  EXPECT_EQ(prompt_line(), "sim$ !1");
}

TEST_F(SimSession, Backspace_ErasesLastCharacter) {
  connect();
  type(0x1E);
  type(0x30);
  type(0x0E);
  EXPECT_EQ(prompt_line(), "sim$ a");
}

TEST_F(SimSession, Enter_GivesNewPromptLine) {
  connect();
  type(0x1E);
  const int row = machine.console().cursor().row;
  type(0x1C);
  EXPECT_EQ(machine.console().cursor().row, row + 1);
  EXPECT_EQ(machine.console().line(row), "sim$ a");
  EXPECT_EQ(prompt_line(), "sim$");
}

TEST_F(SimSession, KeysymEvent_TypesCharacter) {
  connect();
  feed({4, 1, 0, 0, 0, 0, 0, 0x21});
  EXPECT_EQ(prompt_line(), "sim$ !");
  EXPECT_EQ(events.back(), (nlohmann::json{{"event", "key"}, {"keysym", "0x21"}, {"down", true}}));
}

TEST_F(SimSession, CapsLock_SendsLedStateInNextUpdate) {
  connect();
  feed(update_request(true));
  type(0x3A);
  const Update update = parse_update(next(), client_fb);
  ASSERT_EQ(update.rects.size(), 1u);
  EXPECT_EQ(update.rects[0].second, rfb::encoding::kVmwLedState);
}

TEST_F(SimSession, PushMode_UpdateAckAllowsNextPushedUpdate) {
  connect({.push = true});
  type(0x1E);
  EXPECT_TRUE(stream.sent.empty());  // not acknowledged yet
  feed({0x7F, 0x04, 0x00, 0x08, 0x01, 0x00, 0x00, 0x14});
  parse_update(next(), client_fb);
  EXPECT_TRUE(client_fb.same_pixels(machine.framebuffer()));
}

TEST_F(SimSession, Garbage_EndsSessionCleanlyWithEvent) {
  connect();
  feed({0x42, 0x42, 0x42});
  EXPECT_TRUE(finished);
  EXPECT_FALSE(failure);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().at("event"), "protocol-error");
}

TEST_F(SimSession, WrongVmwLength_EndsSession) {
  connect();
  feed({0x7F, 0x00, 0x00, 0x09, 0, 0x1E, 1, 0, 0});
  EXPECT_TRUE(finished);
  EXPECT_EQ(events.back().at("event"), "protocol-error");
}

TEST_F(SimSession, UnknownVmwMessage_IsSkippedByLength) {
  connect();
  feed({0x7F, 0x63, 0x00, 0x06, 0xAA, 0xBB});
  type(0x1E);
  EXPECT_FALSE(finished);
  EXPECT_EQ(prompt_line(), "sim$ a");
}

TEST_F(SimSession, BadVersion_EndsSession) {
  start({.handshake = Handshake::kRfb});
  const std::string junk = "GET / HTTP/1.1\r\n";
  feed(Bytes(junk.begin(), junk.end()));
  EXPECT_TRUE(finished);
  EXPECT_FALSE(failure);
}

TEST_F(SimSession, PeerHangsUp_SessionEnds) {
  connect();
  stream.hang_up();
  pump();
  EXPECT_TRUE(finished);
  EXPECT_FALSE(failure);
}

TEST_F(SimSession, SessionClose_Reported) {
  connect();
  feed({0x7F, 0x0C, 0x00, 0x08, 0, 0, 0, 23});
  EXPECT_EQ(events.back().at("event"), "session-close");
  EXPECT_EQ(events.back().at("reason"), 23);
}

}  // namespace
}  // namespace mks::sim
