// Client::start() against scripted servers: both handshake variants, version answers,
// security failures, ServerInit checks, and what the client sends after ServerInit.
#include <gtest/gtest.h>

#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::FakeByteStream;

const Bytes kSetEncodings = {
    0x02, 0x00, 0x00, 0x0b,                          // 11 encodings
    0xff, 0xff, 0xfe, 0xfc, 0x00, 0x00, 0x00, 0x01,  // TightPNG, CopyRect
    0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21,  // Raw, DesktopSize
    0x57, 0x4d, 0x56, 0x64, 0x57, 0x4d, 0x56, 0x65,  // VMWDefineCursor, VMWCursorState
    0x57, 0x4d, 0x56, 0x66, 0x57, 0x4d, 0x56, 0x67,  // VMWCursorPosition, VMWTypematicInfo
    0x57, 0x4d, 0x56, 0x68, 0x57, 0x4d, 0x56, 0x7a,  // VMWLEDState, VMWServerCaps
    0x57, 0x4d, 0x56, 0x7c,                          // VMWFrameStamp
};
const Bytes kRequest640x480 = {0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x80, 0x01, 0xe0};

Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

struct Fixture : ::testing::Test {
  boost::asio::io_context io;
  FakeByteStream stream{io};
  Client client{stream};

  void start() { testing::run_sync(io, client.start()); }

  template <typename Error>
  std::string start_fails() {
    try {
      start();
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "start() did not throw the expected error";
    return {};
  }
};

using RfbHandshake = Fixture;

TEST_F(RfbHandshake, Version38_AnswersChoosesNoneSendsSharedClientInitThenEncodingsAndRequest) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{1, 1});
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::server_init(640, 480, "vm-01"));
  start();
  const std::vector<Bytes> expected = {
      text("RFB 003.008\n"), {1}, {1}, kSetEncodings, kRequest640x480};
  EXPECT_EQ(stream.sent(), expected);
  EXPECT_EQ(client.server().version, "RFB 003.008");
  EXPECT_FALSE(client.server().direct_variant());
  EXPECT_EQ(client.server().name, "vm-01");
  EXPECT_EQ(client.framebuffer().width(), 640);
  EXPECT_EQ(client.framebuffer().height(), 480);
  EXPECT_FALSE(client.full_frame());
}

TEST_F(RfbHandshake, Version37_AnswersSameVersionAndReadsNoSecurityResult) {
  stream.feed("RFB 003.007\n");
  stream.feed(Bytes{2, 2, 1});
  stream.feed(testing::server_init(640, 480, "x"));
  start();
  ASSERT_GE(stream.sent().size(), 3u);
  EXPECT_EQ(stream.sent()[0], text("RFB 003.007\n"));
  EXPECT_EQ(stream.sent()[1], Bytes{1});
  EXPECT_EQ(client.server().name, "x");
}

TEST_F(RfbHandshake, Version33_ServerChoosesNoneAndClientAnswers33) {
  stream.feed("RFB 003.003\n");
  stream.feed(testing::be32_bytes(1));
  stream.feed(testing::server_init(640, 480, "old"));
  start();
  ASSERT_GE(stream.sent().size(), 2u);
  EXPECT_EQ(stream.sent()[0], text("RFB 003.003\n"));
  EXPECT_EQ(stream.sent()[1], Bytes{1});  // ClientInit only: no security choice in 3.3
  EXPECT_EQ(client.server().name, "old");
}

TEST_F(RfbHandshake, NewerMinorVersionIsAnswered38) {
  stream.feed("RFB 003.889\n");
  stream.feed(Bytes{1, 1});
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::server_init(640, 480, "mac"));
  start();
  EXPECT_EQ(stream.sent()[0], text("RFB 003.008\n"));
}

TEST_F(RfbHandshake, DirectVariant_FirstBytesAreServerInitAndNothingPrecedesSetEncodings) {
  stream.feed(testing::server_init(640, 480, "WebMKS"));
  start();
  const std::vector<Bytes> expected = {kSetEncodings, kRequest640x480};
  EXPECT_EQ(stream.sent(), expected);
  EXPECT_TRUE(client.server().direct_variant());
  EXPECT_EQ(client.server().name, "WebMKS");
}

TEST_F(RfbHandshake, DirectVariant_WorksWhenBytesArriveOneAtATime) {
  stream.set_max_read(1);
  stream.feed(testing::server_init(800, 600, "slow"));
  start();
  EXPECT_EQ(client.framebuffer().width(), 800);
  EXPECT_EQ(client.server().name, "slow");
}

TEST_F(RfbHandshake, Version38_WorksWhenBytesArriveOneAtATime) {
  stream.set_max_read(1);
  stream.feed(testing::cat({text("RFB 003.008\n"), Bytes{1, 1}, testing::be32_bytes(0),
                            testing::server_init(640, 480, "vm")}));
  start();
  EXPECT_EQ(client.server().version, "RFB 003.008");
  EXPECT_EQ(client.server().name, "vm");
}

TEST_F(RfbHandshake, EmptySecurityList_AuthErrorCarriesServerText) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{0});
  stream.feed(testing::be32_bytes(20));
  stream.feed("too many connections");
  EXPECT_NE(start_fails<AuthError>().find("too many connections"), std::string::npos);
}

TEST_F(RfbHandshake, FailedSecurityResult_AuthErrorCarriesServerText) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{1, 1});
  stream.feed(testing::be32_bytes(1));
  stream.feed(testing::be32_bytes(13));
  stream.feed("access denied");
  EXPECT_NE(start_fails<AuthError>().find("access denied"), std::string::npos);
}

TEST_F(RfbHandshake, Version33InvalidSecurity_AuthErrorCarriesServerText) {
  stream.feed("RFB 003.003\n");
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::be32_bytes(7));
  stream.feed("go away");
  EXPECT_NE(start_fails<AuthError>().find("go away"), std::string::npos);
}

TEST_F(RfbHandshake, OnlyUnsupportedTypesOffered_AuthErrorNamesOfferedTypes) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{2, 16, 19});
  const std::string message = start_fails<AuthError>();
  EXPECT_NE(message.find("offered: 16, 19"), std::string::npos) << message;
}

TEST_F(RfbHandshake, OversizedSecurityReason_ProtocolError) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{0});
  stream.feed(testing::be32_bytes(0xFFFFFFFF));
  start_fails<ProtocolError>();
}

TEST_F(RfbHandshake, UnsupportedMajorVersion_ProtocolError) {
  stream.feed("RFB 004.001\n");
  EXPECT_NE(start_fails<ProtocolError>().find("4.1"), std::string::npos);
}

TEST_F(RfbHandshake, OtherPixelFormat_SendsSetPixelFormatForBgrxBeforeEncodings) {
  testing::PixelFormat pf;
  pf.bpp = 16;
  pf.depth = 16;
  pf.max = 31;
  pf.red_shift = 11;
  pf.green_shift = 5;
  stream.feed(testing::server_init(640, 480, "qemu", pf));
  start();
  const Bytes set_pixel_format = {0, 0,   0, 0,   32, 24, 0, 1, 0, 255,
                                  0, 255, 0, 255, 16, 8,  0, 0, 0, 0};
  const std::vector<Bytes> expected = {set_pixel_format, kSetEncodings, kRequest640x480};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbHandshake, BgrxPixelFormat_SendsNoSetPixelFormat) {
  stream.feed(testing::server_init(640, 480, "esx"));
  start();
  for (const auto& message : stream.sent()) EXPECT_NE(message.at(0), 0) << "SetPixelFormat sent";
}

TEST_F(RfbHandshake, ColourMapServer_ProtocolError) {
  testing::PixelFormat pf;
  pf.true_colour = 0;
  stream.feed(testing::server_init(640, 480, "palette", pf));
  EXPECT_NE(start_fails<ProtocolError>().find("colour map"), std::string::npos);
}

TEST_F(RfbHandshake, HugeNameLength_ProtocolErrorWithoutReadingIt) {
  Bytes init = testing::server_init(640, 480, "");
  init[20] = init[21] = init[22] = init[23] = 0xFF;
  stream.feed(init);
  EXPECT_NE(start_fails<ProtocolError>().find("name"), std::string::npos);
}

TEST_F(RfbHandshake, EmptyFramebuffer_ProtocolError) {
  stream.feed(testing::server_init(0, 480, "zero"));
  start_fails<ProtocolError>();
}

TEST_F(RfbHandshake, FramebufferOverMaxSide_ProtocolError) {
  stream.feed(testing::server_init(20000, 480, "wide"));
  EXPECT_NE(start_fails<ProtocolError>().find("20000x480"), std::string::npos);
}

TEST_F(RfbHandshake, TruncatedServerInit_TransportError) {
  Bytes init = testing::server_init(640, 480, "cut short");
  init.erase(init.end() - 3, init.end());
  stream.feed(init);
  start_fails<TransportError>();
}

TEST_F(RfbHandshake, TruncatedVersionAnswer_TransportError) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{3, 1});
  start_fails<TransportError>();
}

}  // namespace
}  // namespace mks::rfb
