// connect() and the WebSocket / TCP byte streams against a real SimServer on loopback.
#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <nlohmann/json.hpp>

#include "agent/transport/connect.h"
#include "loopback_helpers.h"
#include "tools/webmks_sim/net/sim_server.h"
#include "websocket_accept.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
using mks::testing::connect_outcome;
using mks::testing::read_exactly;
using mks::testing::run_on;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::uint8_t> pattern(std::size_t size, unsigned seed) {
  std::vector<std::uint8_t> bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 31 + seed);
  return bytes;
}

using mks::testing::websocket_accept;

// A WebSocket server that completes the upgrade answering `protocol_header` (may be empty).
asio::awaitable<void> fake_upgrade(asio::ip::tcp::acceptor& acceptor, std::string protocol_header) {
  auto socket = co_await acceptor.async_accept(asio::use_awaitable);
  std::string request;
  co_await asio::async_read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n",
                                  asio::use_awaitable);
  const auto at = request.find("Sec-WebSocket-Key: ") + 19;
  const std::string key = request.substr(at, request.find("\r\n", at) - at);
  const std::string response =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: " +
      websocket_accept(key) + "\r\n" + protocol_header + "\r\n";
  co_await asio::async_write(socket, asio::buffer(response), asio::use_awaitable);
}

class WebSocketTransport : public ::testing::Test {
 protected:
  void start(sim::ServerOptions options = {},
             sim::SessionHandler handler = mks::testing::echo_session) {
    server_ = std::make_unique<sim::SimServer>(
        io_, options, std::move(handler), nullptr,
        [this](const nlohmann::json& event) { events_.push_back(event); });
    server_->start();
  }

  std::string fresh_url() { return server_->ticket_url(server_->issue_ticket()); }

  ConnectOptions pinned(const std::string& thumbprint) {
    ConnectOptions options;
    options.tls.thumbprint = Thumbprint::parse(thumbprint);
    return options;
  }

  ConnectOptions insecure() {
    ConnectOptions options;
    options.tls.insecure = true;
    return options;
  }

  std::string outcome(const std::string& url, ConnectOptions options) {
    std::string result;
    run_on(io_,
           [&]() -> asio::awaitable<void> { result = co_await connect_outcome(url, options); }());
    return result;
  }

  // Sends each payload, reads the echo of their concatenation and checks it.
  void expect_echo(const std::string& url, ConnectOptions options,
                   const std::vector<std::vector<std::uint8_t>>& payloads) {
    std::vector<std::uint8_t> expected;
    for (const auto& payload : payloads)
      expected.insert(expected.end(), payload.begin(), payload.end());
    std::vector<std::uint8_t> received;
    run_on(io_, [&]() -> asio::awaitable<void> {
      auto stream = co_await connect(Url::parse(url), options);
      for (const auto& payload : payloads) stream->send(payload);
      received = co_await read_exactly(*stream, expected.size());
      co_await stream->close();
    }());
    EXPECT_TRUE(received == expected) << "echo differs from what was sent";
  }

  std::string last_event(const std::string& name) {
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      if ((*it)["event"] == name) return it->dump();
    }
    return "";
  }

  asio::io_context io_;
  std::vector<nlohmann::json> events_;
  std::unique_ptr<sim::SimServer> server_;
};

TEST_F(WebSocketTransport, Binary_SmallMessage_EchoedOverTls) {
  start();
  expect_echo(fresh_url(), insecure(), {{'R', 'F', 'B'}});
  EXPECT_TRUE(contains(last_event("connect"), "\"subprotocol\":\"binary\""))
      << last_event("connect");
}

TEST_F(WebSocketTransport, Binary_LargeAndManyPayloads_EchoedInOrder) {
  start();
  expect_echo(fresh_url(), insecure(),
              {pattern(3 << 20, 1), pattern(1, 2), pattern(100000, 3), pattern(7, 4)});
}

TEST_F(WebSocketTransport, PlainWs_EchoesWithoutTls) {
  start({.tls = false});
  ASSERT_TRUE(fresh_url().starts_with("ws://"));
  expect_echo(fresh_url(), {}, {pattern(70000, 9)});
}

TEST_F(WebSocketTransport, Uint8Utf8_AllByteValues_RoundTrip) {
  start({.prefer_uint8utf8 = true});
  expect_echo(fresh_url(), insecure(), {pattern(256, 0), pattern(256 * 40, 7)});
  EXPECT_TRUE(contains(last_event("connect"), "\"subprotocol\":\"uint8utf8\""))
      << last_event("connect");
}

TEST_F(WebSocketTransport, TicketReuse_ThrowsTicketErrorSayingGetANewTicket) {
  start();
  const std::string token = server_->issue_ticket();
  const std::string url = server_->ticket_url(token);
  ASSERT_EQ(outcome(url, insecure()), "ok");
  const std::string second = outcome(url, insecure());
  EXPECT_EQ(second,
            "TicketError: the console ticket was refused (HTTP 503): it is single-use and "
            "short-lived, already used or expired — get a new ticket");
  EXPECT_FALSE(contains(second, token));
  EXPECT_TRUE(contains(last_event("ticket-refused"), "\"reason\":\"used\""));
  EXPECT_TRUE(contains(last_event("ticket-refused"), "\"ticket\":\"" + token.substr(0, 4) + "…\""));
}

TEST_F(WebSocketTransport, UnknownTicket_ThrowsTicketError) {
  start();
  const std::string result = outcome(server_->ticket_url("NoSuchTicket0123456789"), insecure());
  EXPECT_TRUE(result.starts_with("TicketError: the console ticket was refused (HTTP 503)"))
      << result;
  EXPECT_TRUE(contains(last_event("ticket-refused"), "\"reason\":\"unknown\""));
}

TEST_F(WebSocketTransport, DefaultVerification_SelfSigned_ThrowsTlsErrorWithPinHint) {
  start();
  const std::string token = server_->issue_ticket();
  const std::string result = outcome(server_->ticket_url(token), {});
  EXPECT_EQ(result,
            "TlsError: TLS: certificate for 127.0.0.1 is not trusted (self-signed "
            "certificate); pin it with --thumbprint " +
                server_->thumbprint_sha256() + " or use --insecure");
  EXPECT_FALSE(contains(result, token));
}

TEST_F(WebSocketTransport, DefaultVerification_Failure_DoesNotSpendTheTicket) {
  start();
  const std::string url = fresh_url();
  ASSERT_TRUE(outcome(url, {}).starts_with("TlsError"));
  EXPECT_EQ(outcome(url, insecure()), "ok");
}

TEST_F(WebSocketTransport, PinnedSha1Thumbprint_Accepted) {
  start();
  EXPECT_EQ(outcome(fresh_url(), pinned(server_->thumbprint_sha1())), "ok");
}

TEST_F(WebSocketTransport, PinnedSha256Thumbprint_Accepted) {
  start();
  EXPECT_EQ(outcome(fresh_url(), pinned(server_->thumbprint_sha256())), "ok");
}

TEST_F(WebSocketTransport, WrongThumbprint_ThrowsTlsErrorNamingBoth) {
  start();
  const std::string wrong = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33";
  const std::string token = server_->issue_ticket();
  const std::string result = outcome(server_->ticket_url(token), pinned(wrong));
  EXPECT_EQ(result, "TlsError: TLS: certificate thumbprint " + server_->thumbprint_sha1() +
                        " does not match the pinned " + wrong);
  EXPECT_FALSE(contains(result, token));
}

TEST_F(WebSocketTransport, ConnectionRefused_ThrowsTransportErrorWithRedactedUrl) {
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor probe(io_, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  const std::string url = "wss://127.0.0.1:" + std::to_string(port) + "/ticket/SECRETTICKET42";
  const std::string result = outcome(url, {});
  EXPECT_TRUE(result.starts_with("TransportError: cannot connect to wss://127.0.0.1:" +
                                 std::to_string(port) + "/ticket/SECR…: connection refused"))
      << result;
  EXPECT_FALSE(contains(result, "SECRETTICKET42"));
}

TEST_F(WebSocketTransport, SilentServer_ThrowsTimeoutErrorWithinTheBound) {
  // A listening socket completes TCP connects from its backlog but never answers.
  asio::ip::tcp::acceptor silent(io_, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string url =
      "ws://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/ticket/SECRETTICKET42";
  ConnectOptions options;
  options.timeout = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  const std::string result = outcome(url, options);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  EXPECT_TRUE(result.starts_with("TimeoutError: timed out connecting to ws://127.0.0.1:"))
      << result;
  EXPECT_TRUE(contains(result, "/ticket/SECR…")) << result;
  EXPECT_FALSE(contains(result, "SECRETTICKET42"));
}

TEST_F(WebSocketTransport, SilentTlsServer_ThrowsTimeoutErrorDuringTlsHandshake) {
  asio::ip::tcp::acceptor silent(io_, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string url =
      "wss://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/ticket/T";
  ConnectOptions options;
  options.timeout = std::chrono::milliseconds(300);
  const std::string result = outcome(url, options);
  EXPECT_TRUE(result.starts_with("TimeoutError: ")) << result;
  EXPECT_TRUE(contains(result, "TLS handshake within 0.3 s")) << result;
}

// Each case: what the server answers in Sec-WebSocket-Protocol, and the expected complaint.
TEST_F(WebSocketTransport, UpgradeWithoutUsableSubprotocol_ThrowsProtocolError) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "chose no WebSocket subprotocol"},
      {"Sec-WebSocket-Protocol: vmware-vvc\r\n",
       "chose the unsupported WebSocket subprotocol 'vmware-vvc'"}};
  for (const auto& [answer, complaint] : cases) {
    const std::string header = answer;  // clang 14 cannot capture a structured binding
    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    const std::string url =
        "ws://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/ticket/T";
    std::string result;
    run_on(io_, [&]() -> asio::awaitable<void> {
      asio::co_spawn(io_, fake_upgrade(acceptor, header), asio::detached);
      result = co_await connect_outcome(url, {});
    }());
    EXPECT_TRUE(result.starts_with("ProtocolError: ")) << result;
    EXPECT_TRUE(contains(result, complaint)) << result;
  }
}

TEST_F(WebSocketTransport, ServerClosesCleanly_ReadSomeThrowsWithCode1000) {
  start({}, [](std::unique_ptr<ByteStream> stream, sim::ConnectionInfo) -> asio::awaitable<void> {
    stream->send({'h', 'i'});
    co_return;
  });
  std::string greeting;
  std::string error;
  run_on(io_, [&]() -> asio::awaitable<void> {
    auto stream = co_await connect(Url::parse(fresh_url()), insecure());
    const auto bytes = co_await read_exactly(*stream, 2);
    greeting.assign(bytes.begin(), bytes.end());
    try {
      co_await read_exactly(*stream, 1);
    } catch (const TransportError& e) {
      error = e.what();
    }
  }());
  EXPECT_EQ(greeting, "hi");
  EXPECT_TRUE(contains(error, "closed the connection (code 1000")) << error;
  EXPECT_TRUE(contains(error, "/ticket/")) << error;
}

TEST_F(WebSocketTransport, Close_FlushesQueuedSendsFirst) {
  std::size_t received = 0;
  start({}, [&](std::unique_ptr<ByteStream> stream, sim::ConnectionInfo) -> asio::awaitable<void> {
    std::vector<std::uint8_t> buffer(65536);
    try {
      while (true) received += co_await stream->read_some(buffer);
    } catch (const TransportError&) {
    }
  });
  run_on(io_, [&]() -> asio::awaitable<void> {
    auto stream = co_await connect(Url::parse(fresh_url()), insecure());
    // All of it is still queued when close() starts (send() only queues); 1 MiB leaves the
    // 2 s flush bound a wide margin in an unoptimised sanitizer build on a loaded machine.
    for (int i = 0; i < 8; ++i) stream->send(pattern(128 << 10, i));
    co_await stream->close();
    asio::steady_timer settle(io_, std::chrono::milliseconds(300));
    co_await settle.async_wait(asio::use_awaitable);
  }());
  EXPECT_EQ(received, 8u * (128u << 10));
}

TEST_F(WebSocketTransport, Vnc_PlainTcpStream_RoundTrips) {
  asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string url = "vnc://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port());
  std::vector<std::uint8_t> echoed;
  run_on(io_, [&]() -> asio::awaitable<void> {
    auto client = co_await connect(Url::parse(url), {});
    auto server = co_await acceptor.async_accept(asio::use_awaitable);
    client->send(pattern(5000, 5));
    std::vector<std::uint8_t> bytes(5000);
    co_await asio::async_read(server, asio::buffer(bytes), asio::use_awaitable);
    co_await asio::async_write(server, asio::buffer(bytes), asio::use_awaitable);
    echoed = co_await read_exactly(*client, 5000);
    EXPECT_EQ(client->describe(), url.substr(0) + "/");
    co_await client->close();
  }());
  EXPECT_TRUE(echoed == pattern(5000, 5));
}

}  // namespace
}  // namespace mks::transport
