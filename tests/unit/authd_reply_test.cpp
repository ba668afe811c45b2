// The text side of ESXi's authentication daemon: banner, replies, the 630 redirect, the nonce
// (lines as the fact sheet quotes them from clients' transcripts).
#include "agent/transport/authd_reply.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "agent/errors.h"

namespace mks::transport {
namespace {

std::string protocol_error(std::string_view line, std::vector<std::string> secrets = {}) {
  try {
    parse_authd_reply(line, secrets);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ProtocolError for " << line;
  return {};
}

TEST(AuthdReply, CodeAndText) {
  const AuthdReply reply = parse_authd_reply("230 User 52cf8c64 logged in.\r\n");
  EXPECT_EQ(reply.code, 230);
  EXPECT_EQ(reply.text, "User 52cf8c64 logged in.");
  EXPECT_EQ(parse_authd_reply("200").code, 200);
  EXPECT_EQ(parse_authd_reply("200 C5:50:62:9F\n").text, "C5:50:62:9F");
}

TEST(AuthdReply, NotAReply_IsOneLineWithSecretsMasked) {
  EXPECT_NE(protocol_error("SSH-2.0-OpenSSH_9.2").find("\"SSH-2.0-OpenSSH_9.2\""),
            std::string::npos);
  EXPECT_FALSE(protocol_error("2x0 ok").empty());
  EXPECT_FALSE(protocol_error("2000 ok").empty());
  EXPECT_FALSE(protocol_error("").empty());
  const std::string message = protocol_error("oops 52cf8c64-9343 here", {"52cf8c64-9343"});
  EXPECT_EQ(message.find("52cf8c64"), std::string::npos) << message;
  EXPECT_NE(message.find("oops … here"), std::string::npos) << message;
  EXPECT_EQ(protocol_error(std::string(500, 'x')).find(std::string(100, 'x')), std::string::npos);
  EXPECT_EQ(protocol_error("bad\x01\x1b[2J").find('\x1b'), std::string::npos);
}

TEST(AuthdBanner, EsxiBannerWantsTls_OldBannerDoesNot) {
  EXPECT_TRUE(authd_banner_requires_tls(
      "220 VMware Authentication Daemon Version 1.10: SSL Required, ServerDaemonProtocol:SOAP, "
      "MKSDisplayProtocol:VNC , VMXARGS supported, NFCSSL supported\r\n"));
  EXPECT_FALSE(authd_banner_requires_tls(
      "220 VMware Authentication Daemon Version 1.00, ServerDaemonProtocol:SOAP, "
      "MKSDisplayProtocol:VNC , ,\r\n"));
}

TEST(AuthdBanner, AnotherServer_IsOneLineNamingThePort) {
  for (const char* banner : {"SSH-2.0-OpenSSH_9.2p1 Debian-2", "HTTP/1.1 400 Bad Request",
                             "220 mail.example ESMTP Postfix", "RFB 003.008"}) {
    try {
      authd_banner_requires_tls(banner);
      ADD_FAILURE() << banner;
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find("not an ESXi authentication daemon"), std::string::npos);
      EXPECT_NE(std::string(e.what()).find("902"), std::string::npos);
    }
  }
}

TEST(AuthdRedirect, TicketHostPort) {
  const auto redirect = parse_authd_redirect({630, "Ticket 52aa-bb,esx2.example,9902"});
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->ticket, "52aa-bb");
  EXPECT_EQ(redirect->host, "esx2.example");
  EXPECT_EQ(redirect->port, 9902);
  EXPECT_FALSE(parse_authd_redirect({200, "Connect /vmfs/volumes/ds/vm/vm.vmx"}));
}

TEST(AuthdRedirect, UnusableRedirect_IsProtocolError) {
  for (const char* text : {"Ticket", "Ticket a,b", "Ticket ,host,902", "Ticket t,host,0",
                           "Ticket t,host,70000", "Ticket t,host,9x"}) {
    EXPECT_THROW(parse_authd_redirect({630, text}), ProtocolError) << text;
  }
}

TEST(AuthdNonce, SixteenBase64CharactersEachTimeNew) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string nonce = make_authd_nonce();
    ASSERT_EQ(nonce.size(), 16u);
    EXPECT_EQ(
        nonce.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"),
        std::string::npos)
        << nonce;
    seen.insert(nonce);
  }
  EXPECT_EQ(seen.size(), 50u);
}

}  // namespace
}  // namespace mks::transport
