// Typist over a scripted WebMKS stream: dead keys, AltGr, holds and releases, key notation.
#include "agent/session/typist.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <utility>
#include <vector>

#include "agent/input/key_notation.h"
#include "agent/rfb/client.h"
#include "client_key_sink.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {
namespace {

using Event = std::pair<std::uint16_t, bool>;  // scancode, down
using input::KeyboardLayout;

class TypistTest : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  Client client{stream};
  testing::ClientKeySink sink{client};
  session::Typist typist{sink, std::chrono::milliseconds(0)};

  void SetUp() override {
    // WebMKS direct variant: ServerInit first, scancode key events.
    stream.feed(testing::server_init(64, 48, "WebMKS"));
    testing::run_sync(io, client.start());
    stream.clear_sent();
  }

  // The VMware key events sent so far (type 127, subtype 0, length 8).
  std::vector<Event> events() const {
    std::vector<Event> out;
    for (const auto& m : stream.sent()) {
      EXPECT_EQ(m.size(), 8u);
      EXPECT_EQ(m[0], 0x7f);
      if (m.size() != 8) continue;
      out.emplace_back(static_cast<std::uint16_t>(m[4] << 8 | m[5]), m[6] != 0);
    }
    return out;
  }

  void run(std::string_view notation, const KeyboardLayout& layout) {
    const auto steps = input::parse_key_notation(notation);
    testing::run_sync(io, typist.run(steps, layout));
  }
};

TEST_F(TypistTest, ShiftedCharacterHoldsLeftShiftAroundTheKey) {
  testing::run_sync(io, typist.type(U"A", KeyboardLayout::by_name("us")));
  EXPECT_EQ(events(),
            (std::vector<Event>{{0x2A, true}, {0x1E, true}, {0x1E, false}, {0x2A, false}}));
}

TEST_F(TypistTest, AltGrCharacterHoldsRightAltAroundTheKey) {
  testing::run_sync(io, typist.type(U"@", KeyboardLayout::by_name("de")));
  EXPECT_EQ(events(),
            (std::vector<Event>{{0x138, true}, {0x10, true}, {0x10, false}, {0x138, false}}));
}

TEST_F(TypistTest, DeadKeyIsFollowedBySpace) {
  testing::run_sync(io, typist.type(U"^`a", KeyboardLayout::by_name("de")));
  EXPECT_EQ(events(), (std::vector<Event>{{0x29, true},
                                          {0x29, false},
                                          {0x39, true},
                                          {0x39, false},
                                          {0x2A, true},
                                          {0x0D, true},
                                          {0x0D, false},
                                          {0x2A, false},
                                          {0x39, true},
                                          {0x39, false},
                                          {0x1E, true},
                                          {0x1E, false}}));
}

TEST_F(TypistTest, CharacterTheLayoutLacksSendsNothingAndNamesIt) {
  try {
    testing::run_sync(io, typist.type(U"ab\u00a5", KeyboardLayout::by_name("us")));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "layout \"us\" has no key for \"\u00a5\" (U+00A5)");
  }
  EXPECT_TRUE(stream.sent().empty());
}

TEST_F(TypistTest, DownHoldsOnceAndReleaseAllReleasesLastFirst) {
  testing::run_sync(io, typist.down(0x1D));
  testing::run_sync(io, typist.down(0x38));
  testing::run_sync(io, typist.down(0x1D));
  EXPECT_EQ(typist.held().size(), 2u);
  testing::run_sync(io, typist.release_all());
  EXPECT_TRUE(typist.held().empty());
  EXPECT_EQ(events(),
            (std::vector<Event>{{0x1D, true}, {0x38, true}, {0x38, false}, {0x1D, false}}));
}

TEST_F(TypistTest, UpForgetsTheHeldKey) {
  testing::run_sync(io, typist.down(0x2A));
  testing::run_sync(io, typist.up(0x2A));
  EXPECT_TRUE(typist.held().empty());
  testing::run_sync(io, typist.release_all());
  EXPECT_EQ(events(), (std::vector<Event>{{0x2A, true}, {0x2A, false}}));
}

TEST_F(TypistTest, RunSendsBootCommandKeysAndText) {
  run("<esc>e<leftAltOn><f2><leftAltOff>", KeyboardLayout::by_name("us"));
  EXPECT_EQ(events(), (std::vector<Event>{{0x01, true},
                                          {0x01, false},
                                          {0x12, true},
                                          {0x12, false},
                                          {0x38, true},
                                          {0x3C, true},
                                          {0x3C, false},
                                          {0x38, false}}));
  EXPECT_TRUE(typist.held().empty());
}

TEST_F(TypistTest, RunLeavesKeysHeldUntilReleaseAll) {
  run("<leftCtrlOn>", KeyboardLayout::by_name("us"));
  ASSERT_EQ(typist.held().size(), 1u);
  EXPECT_EQ(typist.held()[0], 0x1D);
  testing::run_sync(io, typist.release_all());
  EXPECT_EQ(events(), (std::vector<Event>{{0x1D, true}, {0x1D, false}}));
}

TEST_F(TypistTest, RunCharacterToggleUsesTheLayoutsKey) {
  run("<zOn><zOff>", KeyboardLayout::by_name("de"));
  EXPECT_EQ(events(), (std::vector<Event>{{0x15, true}, {0x15, false}}));
}

TEST_F(TypistTest, RunWaitPausesForItsDuration) {
  const auto start = std::chrono::steady_clock::now();
  run("a<wait60ms>b", KeyboardLayout::by_name("us"));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(60));
  EXPECT_EQ(events().size(), 4u);
}

TEST_F(TypistTest, RunChecksEveryCharacterBeforeSendingAnything) {
  EXPECT_THROW(run("<enter>ok<wait>\u00e9", KeyboardLayout::by_name("us")), std::invalid_argument);
  EXPECT_THROW(run("<enter><\u00e9On>", KeyboardLayout::by_name("us")), std::invalid_argument);
  EXPECT_TRUE(stream.sent().empty());
}

}  // namespace
}  // namespace mks::rfb
