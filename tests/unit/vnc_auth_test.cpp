// VNC authentication: the DES response (checked against `openssl enc -des-ecb` with the
// legacy provider) and the handshakes of RFB 3.3, 3.7 and 3.8 on scripted byte streams.
#include "agent/rfb/vnc_auth.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/vnc_password.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {
namespace {

using testing::Bytes;

const Bytes kChallenge = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
// printf '\x00\x01...\x0f' | openssl enc -des-ecb -K cea6c64ea62e0000 -nopad -provider legacy
// (cea6c64ea62e0000 is "secret" zero-padded with every byte's bits reversed).
const Bytes kSecretResponse = {0xee, 0x22, 0x53, 0x9f, 0x33, 0xa5, 0x98, 0x3e,
                               0xc1, 0x2f, 0x9c, 0x2e, 0xdb, 0xc9, 0x95, 0xdd};

TEST(VncAuth, Response_MatchesOpenSslSingleDesWithBitReversedKey) {
  const auto response = vnc_auth_response(kChallenge, "secret");
  EXPECT_EQ(Bytes(response.begin(), response.end()), kSecretResponse);
}

TEST(VncAuth, Response_UsesOnlyTheFirstEightCharacters) {
  EXPECT_EQ(vnc_auth_response(kChallenge, "password"),
            vnc_auth_response(kChallenge, "password-and-more"));
  EXPECT_NE(vnc_auth_response(kChallenge, "password"), vnc_auth_response(kChallenge, "passwore"));
}

struct VncHandshake : ::testing::Test {
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};

  std::string start_fails(const std::string& password) {
    Client client(stream, {.dialect = Dialect::kRfb, .password = password});
    try {
      testing::run_sync(io, client.start());
    } catch (const AuthError& e) {
      return e.what();
    }
    ADD_FAILURE() << "start() did not throw AuthError";
    return {};
  }
  void start(const std::string& password) {
    Client client(stream, {.dialect = Dialect::kRfb, .password = password});
    testing::run_sync(io, client.start());
  }
  Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }
};

TEST_F(VncHandshake, Rfb38_ChoosesVncAuthAndSendsTheResponse) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{2, 16, 2});  // VeNCrypt (unsupported) and VNC
  stream.feed(kChallenge);
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::server_init(32, 32, "vnc"));
  start("secret");
  ASSERT_GE(stream.sent().size(), 4u);
  EXPECT_EQ(stream.sent()[1], Bytes{2});
  EXPECT_EQ(stream.sent()[2], kSecretResponse);
  EXPECT_EQ(stream.sent()[3], Bytes{1});  // shared ClientInit
}

TEST_F(VncHandshake, Rfb38_PrefersNoneWhenOffered) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{2, 2, 1});
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::server_init(32, 32, "vnc"));
  start("secret");
  EXPECT_EQ(stream.sent()[1], Bytes{1});
}

TEST_F(VncHandshake, Rfb38_WrongPassword_OneLineWithTheServersReason) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{1, 2});
  stream.feed(kChallenge);
  stream.feed(testing::be32_bytes(1));
  Bytes reason = testing::be32_bytes(21);
  for (char c : std::string("Authentication failed"))
    reason.push_back(static_cast<std::uint8_t>(c));
  stream.feed(reason);
  EXPECT_EQ(start_fails("wrong"),
            "VNC authentication failed: wrong password (server: Authentication failed)");
}

TEST_F(VncHandshake, Rfb37_WrongPassword_HasNoReasonString) {
  stream.feed("RFB 003.007\n");
  stream.feed(Bytes{1, 2});
  stream.feed(kChallenge);
  stream.feed(testing::be32_bytes(1));
  EXPECT_EQ(start_fails("wrong"), "VNC authentication failed: wrong password");
  EXPECT_EQ(stream.sent()[0], text("RFB 003.007\n"));
}

TEST_F(VncHandshake, Rfb33_ServerPicksVncAuth) {
  stream.feed("RFB 003.003\n");
  stream.feed(testing::be32_bytes(2));
  stream.feed(kChallenge);
  stream.feed(testing::be32_bytes(0));
  stream.feed(testing::server_init(32, 32, "old"));
  start("secret");
  EXPECT_EQ(stream.sent()[0], text("RFB 003.003\n"));
  EXPECT_EQ(stream.sent()[1], kSecretResponse);  // no security type is sent in 3.3
}

TEST_F(VncHandshake, NoPassword_SaysWhereToPutIt) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{1, 2});
  const std::string error = start_fails("");
  EXPECT_NE(error.find("MKS_VNC_PASSWORD"), std::string::npos) << error;
  EXPECT_NE(error.find("--password-file"), std::string::npos) << error;
}

TEST_F(VncHandshake, OnlyUnsupportedTypes_ListsWhatIsSupported) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{2, 16, 19});
  EXPECT_NE(start_fails("x").find("supported: 1 None, 2 VNC"), std::string::npos);
}

TEST(VncPassword, FileFirstLineElseEnvironment) {
  const std::string path = ::testing::TempDir() + "vnc_password_test.txt";
  std::ofstream(path) << "from-file\r\nsecond line\n";
  EXPECT_EQ(vnc_password(path), "from-file");
  ::setenv(kVncPasswordVariable, "from-env", 1);
  EXPECT_EQ(vnc_password(""), "from-env");
  ::unsetenv(kVncPasswordVariable);
  EXPECT_EQ(vnc_password(""), "");
  EXPECT_THROW(vnc_password(path + ".missing"), AuthError);
}

}  // namespace
}  // namespace mks::rfb
