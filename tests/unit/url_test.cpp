#include "agent/transport/url.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace mks::transport {
namespace {

std::string parse_error(const std::string& text) {
  try {
    Url::parse(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(Url, Parse_WssWithTicket_SplitsHostPortAndTarget) {
  const Url url = Url::parse("wss://esx1.lab:9443/ticket/0123456789abcdef");
  EXPECT_EQ(url.scheme, "wss");
  EXPECT_EQ(url.host, "esx1.lab");
  EXPECT_EQ(url.port, 9443);
  EXPECT_EQ(url.target, "/ticket/0123456789abcdef");
  EXPECT_TRUE(url.tls());
  EXPECT_TRUE(url.websocket());
}

TEST(Url, Parse_NoPort_UsesSchemeDefault) {
  EXPECT_EQ(Url::parse("wss://h/ticket/x").port, 443);
  EXPECT_EQ(Url::parse("ws://h/ticket/x").port, 80);
  EXPECT_EQ(Url::parse("vnc://h").port, 5900);
}

TEST(Url, Parse_NoPath_TargetIsSlash) {
  const Url url = Url::parse("vnc://10.0.0.5:5901");
  EXPECT_EQ(url.target, "/");
  EXPECT_FALSE(url.websocket());
  EXPECT_FALSE(url.tls());
}

TEST(Url, Parse_QueryWithoutPath_KeepsQueryUnderSlash) {
  EXPECT_EQ(Url::parse("ws://h:81?x=1").target, "/?x=1");
}

TEST(Url, Parse_BracketedIpv6_HostWithoutBrackets) {
  const Url url = Url::parse("wss://[fe80::1]:8443/ticket/abc");
  EXPECT_EQ(url.host, "fe80::1");
  EXPECT_EQ(url.port, 8443);
  EXPECT_EQ(Url::parse("ws://[::1]/").port, 80);
}

TEST(Url, Parse_UpperCaseSchemeAndSurroundingSpace_Accepted) {
  const Url url = Url::parse("  WSS://Host:1/ticket/t \n");
  EXPECT_EQ(url.scheme, "wss");
  EXPECT_EQ(url.host, "Host");
  EXPECT_EQ(url.target, "/ticket/t");
}

TEST(Url, Parse_UnknownScheme_NamesSchemeAndAlternatives) {
  const std::string error = parse_error("https://h/ticket/x");
  EXPECT_NE(error.find("unsupported scheme 'https'"), std::string::npos) << error;
  EXPECT_NE(error.find("wss://"), std::string::npos) << error;
}

TEST(Url, Parse_NotAUrl_SaysWhatIsExpected) {
  EXPECT_NE(parse_error("esx1.lab").find("expected wss://HOST"), std::string::npos);
}

TEST(Url, Parse_BadPort_SaysPortRange) {
  for (const char* text : {"ws://h:0/", "ws://h:65536/", "ws://h:abc/", "ws://h:/"}) {
    EXPECT_NE(parse_error(text).find("is not a number from 1 to 65535"), std::string::npos) << text;
  }
}

TEST(Url, Parse_MissingHost_Throws) {
  EXPECT_NE(parse_error("wss:///ticket/x").find("host is missing"), std::string::npos);
  EXPECT_NE(parse_error("wss://:443/ticket/x").find("host is missing"), std::string::npos);
}

TEST(Url, Parse_UnbracketedIpv6_AsksForBrackets) {
  EXPECT_NE(parse_error("ws://fe80::1/").find("brackets"), std::string::npos);
}

TEST(Url, Parse_UnterminatedBracket_Throws) {
  EXPECT_NE(parse_error("ws://[::1/").find("unterminated"), std::string::npos);
}

TEST(Url, Parse_UserInfo_Rejected) {
  EXPECT_NE(parse_error("wss://root@h/ticket/x").find("user names"), std::string::npos);
}

TEST(Url, Parse_Error_NeverShowsTheWholeTicket) {
  const std::string error = parse_error("wss://h:99999/ticket/SECRETTOKEN123");
  EXPECT_EQ(error.find("SECRETTOKEN123"), std::string::npos) << error;
  EXPECT_NE(error.find("/ticket/SECR…"), std::string::npos) << error;
}

TEST(Url, Redacted_ShowsFirstFourTicketCharsAndPort) {
  const Url url = Url::parse("wss://[::1]/ticket/52a6b3c4d5e6f7?x=1");
  EXPECT_EQ(url.redacted(), "wss://[::1]:443/ticket/52a6…?x=1");
}

TEST(Url, RedactTickets_CutsEveryTokenInFreeText) {
  EXPECT_EQ(redact_tickets("a /ticket/ABCDEFGH b wss://h/ticket/IJKLMNOP/x"),
            "a /ticket/ABCD… b wss://h/ticket/IJKL…/x");
}

TEST(Url, RedactTickets_ShortTokenFullyHidden) {
  EXPECT_EQ(redact_tickets("/ticket/abc"), "/ticket/…");
}

TEST(Url, RedactTickets_AlreadyRedacted_Unchanged) {
  EXPECT_EQ(redact_tickets("/ticket/abcd…"), "/ticket/abcd…");
}

TEST(Url, RedactTickets_NoTicket_Unchanged) {
  EXPECT_EQ(redact_tickets("vnc://h:5900/"), "vnc://h:5900/");
}

}  // namespace
}  // namespace mks::transport
