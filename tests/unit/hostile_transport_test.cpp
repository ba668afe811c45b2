// Hostile peers below RFB: WebSocket frames that break RFC 6455 or ask for huge messages,
// vCenter HTTP replies over the size limits, and XML replies with DTDs, entities and deep
// nesting. Each ends with one clear line; none makes the agent allocate what it announces.
#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/connect.h"
#include "agent/vsphere/http_client.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/xml_reply.h"
#include "loopback_helpers.h"
#include "websocket_accept.h"

namespace mks {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Bytes = std::vector<std::uint8_t>;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using mks::testing::websocket_accept;

// Accepts one connection, reads the request head, answers `head` (a WebSocket upgrade or an
// HTTP reply), then writes `tail` (one byte per write when `bytewise`). Then, like a server
// that closes after the client's close frame, it closes at the client's next bytes; with
// `hold_open` it keeps the connection open until the client goes away.
asio::awaitable<void> scripted_peer(tcp::acceptor& acceptor, bool websocket, std::string head,
                                    Bytes tail, bool bytewise = false, bool hold_open = false) {
  auto socket = co_await acceptor.async_accept(asio::use_awaitable);
  socket.set_option(tcp::no_delay(true));
  std::string request;
  co_await asio::async_read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n",
                                  asio::use_awaitable);
  if (websocket) {
    const auto at = request.find("Sec-WebSocket-Key: ") + 19;
    const std::string key = request.substr(at, request.find("\r\n", at) - at);
    head =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Protocol: binary\r\nSec-WebSocket-Accept: " +
        websocket_accept(key) + "\r\n\r\n";
  }
  co_await asio::async_write(socket, asio::buffer(head), asio::use_awaitable);
  const std::size_t step = bytewise ? 1 : tail.size();
  for (std::size_t i = 0; i < tail.size(); i += step) {
    co_await asio::async_write(socket, asio::buffer(&tail[i], std::min(step, tail.size() - i)),
                               asio::use_awaitable);
  }
  boost::system::error_code ec;
  std::string rest(256, '\0');
  if (!hold_open) {
    co_await socket.async_read_some(asio::buffer(rest),
                                    asio::redirect_error(asio::use_awaitable, ec));
    co_return;
  }
  rest.clear();
  co_await asio::async_read(socket, asio::dynamic_buffer(rest),
                            asio::redirect_error(asio::use_awaitable, ec));
}

class HostileWebSocketServer : public ::testing::Test {
 protected:
  // Connects to a server that sends `frames` after the upgrade; what reading then gives:
  // the bytes, or "TransportError: ..." once the stream fails.
  std::string read_after(Bytes frames, std::size_t want = 1, bool bytewise = false,
                         bool hold_open = false) {
    tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    const std::string url =
        "ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ticket/T";
    std::string result;
    testing::run_on(io_, [&]() -> asio::awaitable<void> {
      asio::co_spawn(io_, scripted_peer(acceptor, true, "", std::move(frames), bytewise, hold_open),
                     asio::detached);
      auto stream = co_await transport::connect(transport::Url::parse(url), {});
      try {
        const Bytes bytes = co_await testing::read_exactly(*stream, want);
        result.assign(bytes.begin(), bytes.end());
      } catch (const TransportError& e) {
        result = std::string("TransportError: ") + e.what();
      }
      co_await stream->close();
    }());
    return result;
  }

  asio::io_context io_;
};

TEST_F(HostileWebSocketServer, PayloadLengthWithTheTopBitSet_2_63_IsRefused) {
  // Beast compares the 64-bit length with the message limit before anything else.
  const std::string result = read_after({0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(has(result, "TransportError: ")) << result;
  EXPECT_TRUE(has(result, "sent a WebSocket message larger than the limit of 64 MiB")) << result;
}

TEST_F(HostileWebSocketServer, MessageOneByteOverTheLimitIsRefusedFromItsHeader) {
  // 64 MiB + 1 announced; no payload follows, so only the header can have refused it.
  const std::string result = read_after({0x82, 0x7F, 0, 0, 0, 0, 0x04, 0, 0, 0x01});
  EXPECT_TRUE(has(result, "sent a WebSocket message larger than the limit of 64 MiB")) << result;
}

TEST_F(HostileWebSocketServer, MaskedServerFrameIsRefused) {
  const std::string result = read_after({0x82, 0x81, 1, 2, 3, 4, 'x' ^ 1});
  EXPECT_TRUE(has(result, "broke the WebSocket protocol")) << result;
}

TEST_F(HostileWebSocketServer, ControlFrameOf126BytesIsRefused) {
  Bytes ping{0x89, 0x7E, 0x00, 0x7E};
  ping.resize(ping.size() + 126, 'p');
  const std::string result = read_after(ping);
  EXPECT_TRUE(has(result, "broke the WebSocket protocol")) << result;
}

TEST_F(HostileWebSocketServer, FragmentedControlFrameIsRefused) {
  const std::string result = read_after({0x09, 0x00, 0x80, 0x00});  // ping without FIN
  EXPECT_TRUE(has(result, "broke the WebSocket protocol")) << result;
}

// Beast answers a violation with a close frame and waits for the server to close TCP; a server
// that never does must not hold the read (no outer timeout covers a `run` session's reads).
TEST_F(HostileWebSocketServer, ViolationByAServerThatThenHoldsTheConnectionOpenEndsTheRead) {
  const std::string result = read_after({0x82, 0x81, 1, 2, 3, 4, 'x' ^ 1}, 1, false, true);
  EXPECT_TRUE(has(result,
                  "broke the WebSocket protocol or sent a message over the limit of 64 MiB, and "
                  "did not close within 2 s"))
      << result;
}

TEST_F(HostileWebSocketServer, FramesSplitAtEveryByteWithPingsBetweenFragmentsAreReassembled) {
  const Bytes frames{0x02, 0x03, 'a', 'b', 'c',  // binary, not final
                     0x89, 0x01, 'p',            // ping between fragments (allowed)
                     0x00, 0x01, 'd',            // continuation
                     0x80, 0x02, 'e', 'f'};      // final continuation
  EXPECT_EQ(read_after(frames, 6, true), "abcdef");
}

// --- vCenter HTTP replies ---

std::string http_outcome(asio::io_context& io, std::string reply) {
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  vsphere::VcenterEndpoint endpoint{false, "127.0.0.1", acceptor.local_endpoint().port()};
  vsphere::HttpClient client(io.get_executor(), endpoint, {}, std::chrono::seconds(20));
  std::string result;
  testing::run_on(io, [&]() -> asio::awaitable<void> {
    asio::co_spawn(io, scripted_peer(acceptor, false, std::move(reply), {}), asio::detached);
    try {
      const auto answer = co_await client.send("POST", "/sdk", "<x/>");
      result = "status " + std::to_string(answer.status) + ", " +
               std::to_string(answer.body.size()) + " bytes";
    } catch (const AgentError& e) {
      result = e.what();
    }
  }());
  return result;
}

TEST(HostileVcenter, ReplyAnnouncingABodyOverTheLimitIsRefusedBeforeItArrives) {
  asio::io_context io;
  const std::string result =
      http_outcome(io, "HTTP/1.1 200 OK\r\nContent-Length: 16777217\r\n\r\n<soap");
  EXPECT_TRUE(has(result, "sent a reply body over the limit of 16 MiB")) << result;
}

TEST(HostileVcenter, ReplyHeadersOverTheLimitAreRefused) {
  asio::io_context io;
  const std::string result =
      http_outcome(io, "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_TRUE(has(result, "sent reply headers over the limit of 8 KiB")) << result;
}

TEST(HostileVcenter, JsonReplyOverItsSmallerLimitIsRefused) {
  asio::io_context io;
  const std::string announced = http_outcome(
      io, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1048577\r\n\r\n[");
  EXPECT_TRUE(has(announced, "sent a reply body over the limit of 1 MiB")) << announced;
  const std::string chunk(1 << 20, '[');
  const std::string chunked = http_outcome(
      io,
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
          (std::string("100000\r\n") + chunk + "\r\n1\r\n[\r\n0\r\n\r\n"));
  EXPECT_TRUE(has(chunked, "sent a reply body over the limit of 1 MiB")) << chunked;
}

TEST(HostileVcenter, ReplyWithinTheLimitsIsRead) {
  asio::io_context io;
  EXPECT_EQ(http_outcome(io, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n<a/>"),
            "status 200, 4 bytes");
}

// --- XML replies ---

std::string xml_outcome(const std::string& xml) {
  try {
    const vsphere::XmlReply reply(xml, "the test reply");
    return "parsed: " + vsphere::XmlReply::text(reply.root());
  } catch (const vsphere::VcenterError& e) {
    return e.what();
  }
}

TEST(HostileXml, BillionLaughsIsRefusedAtItsDoctype) {
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY l0 \"ha\">";
  for (int i = 1; i < 10; ++i) {
    xml += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) xml += "&l" + std::to_string(i - 1) + ";";
    xml += "\">";
  }
  xml += "]><r>&l9;</r>";
  EXPECT_EQ(xml_outcome(xml),
            "the test reply contains a document type declaration, which SOAP forbids; refused");
}

TEST(HostileXml, ExternalEntityIsRefusedAtItsDoctype) {
  EXPECT_TRUE(has(xml_outcome("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>"),
                  "document type declaration"));
  EXPECT_TRUE(has(xml_outcome("<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/r.dtd\"><r/>"),
                  "document type declaration"));
}

TEST(HostileXml, UndeclaredEntityReferenceIsNotWellFormed) {
  EXPECT_EQ(xml_outcome("<r>&x;</r>"), "the test reply is not well-formed XML");
}

TEST(HostileXml, PredefinedEntitiesStillDecode) {
  EXPECT_EQ(xml_outcome("<r>a&amp;b&lt;&#65;</r>"), "parsed: a&b<A");
}

std::string nested(int depth) {
  std::string xml;
  for (int i = 0; i < depth; ++i) xml += "<a>";
  xml += "x";
  for (int i = 0; i < depth; ++i) xml += "</a>";
  return xml;
}

TEST(HostileXml, NestingDeeperThan256LevelsIsRefused) {
  EXPECT_EQ(xml_outcome(nested(300)), "the test reply is not well-formed XML");
  EXPECT_EQ(xml_outcome(nested(100000)), "the test reply is not well-formed XML");
}

TEST(HostileXml, NestingOf200LevelsIsRead) {
  EXPECT_EQ(xml_outcome(nested(200)), "parsed: x");
}

}  // namespace
}  // namespace mks
