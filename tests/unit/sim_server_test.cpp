// SimServer's HTTP side, tickets and subprotocol choice, seen from raw HTTP and connect().
#include "tools/webmks_sim/net/sim_server.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "loopback_helpers.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
using mks::testing::connect_outcome;
using mks::testing::raw_http;
using mks::testing::run_on;
using mks::testing::upgrade_request;

class SimServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions options, ApiHandler api = nullptr) {
    server_ = std::make_unique<SimServer>(
        io_, options, mks::testing::echo_session, std::move(api),
        [this](const nlohmann::json& event) { events_.push_back(event); });
    server_->start();
  }

  std::string http(const std::string& request, bool headers_only = false) {
    std::string response;
    run_on(io_, [&]() -> asio::awaitable<void> {
      response = co_await raw_http(server_->port(), request, headers_only);
    }());
    return response;
  }

  std::string connect_to(const std::string& url) {
    std::string result;
    transport::ConnectOptions options;
    options.tls.insecure = true;
    run_on(io_,
           [&]() -> asio::awaitable<void> { result = co_await connect_outcome(url, options); }());
    return result;
  }

  static std::string body_of(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    return end == std::string::npos ? "" : response.substr(end + 4);
  }

  asio::io_context io_;
  std::vector<nlohmann::json> events_;
  std::unique_ptr<SimServer> server_;
};

TEST_F(SimServerTest, PostApiTickets_ReturnsAUsableOneShotTicket) {
  start({.tls = false});
  const std::string response = http("POST /api/tickets HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(response.starts_with("HTTP/1.1 200")) << response;
  const auto json = nlohmann::json::parse(body_of(response));
  const std::string token = json.at("ticket");
  EXPECT_EQ(json.at("url"), server_->ticket_url(token));
  EXPECT_EQ(connect_to(json.at("url")), "ok");
  EXPECT_TRUE(connect_to(json.at("url")).starts_with("TicketError"));
}

TEST_F(SimServerTest, IssuedTickets_Are32UrlSafeCharsAndDistinct) {
  start({.tls = false});
  const std::string a = server_->issue_ticket();
  const std::string b = server_->issue_ticket();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << a;
}

TEST_F(SimServerTest, AddTicket_WorksExactlyOnce) {
  start({});
  const std::string url = server_->ticket_url("minted-by-vcenter-sim-0001");
  EXPECT_TRUE(connect_to(url).starts_with("TicketError")) << "unknown before add_ticket";
  server_->add_ticket("minted-by-vcenter-sim-0001");
  EXPECT_EQ(connect_to(url), "ok");
  EXPECT_TRUE(connect_to(url).starts_with("TicketError"));
}

TEST_F(SimServerTest, Urls_UseSchemeAndPortOfTheListener) {
  start({});
  const std::string port = std::to_string(server_->port());
  EXPECT_NE(server_->port(), 0);
  EXPECT_EQ(server_->ticket_url("T"), "wss://127.0.0.1:" + port + "/ticket/T");
  EXPECT_EQ(server_->api_url(), "https://127.0.0.1:" + port + "/api");
  EXPECT_EQ(server_->thumbprint_sha1().size(), 20u * 3 - 1);
  EXPECT_EQ(server_->thumbprint_sha256().size(), 32u * 3 - 1);
}

TEST_F(SimServerTest, WithoutTls_NoThumbprints) {
  start({.tls = false});
  EXPECT_EQ(server_->thumbprint_sha1(), "");
  EXPECT_TRUE(server_->api_url().starts_with("http://"));
}

TEST_F(SimServerTest, OtherApiPaths_GoToTheApiHandlerElse404) {
  start({.tls = false},
        [](const std::string& method, const std::string& target) -> std::optional<HttpReply> {
          if (method == "GET" && target == "/api/screen") return HttpReply{200, "text/plain", "ok"};
          return std::nullopt;
        });
  const std::string screen = http("GET /api/screen HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(screen.starts_with("HTTP/1.1 200")) << screen;
  EXPECT_EQ(body_of(screen), "ok");
  EXPECT_TRUE(http("GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 404"));
  EXPECT_TRUE(http("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n").starts_with("HTTP/1.1 404"));
}

TEST_F(SimServerTest, VmwareClientOffer_BinaryChosenNeverVvc) {
  start({.tls = false});
  const std::string token = server_->issue_ticket();
  const std::string response =
      http(upgrade_request("/ticket/" + token, "binary, vmware-vvc"), true);
  EXPECT_TRUE(response.starts_with("HTTP/1.1 101")) << response;
  EXPECT_NE(response.find("Sec-WebSocket-Protocol: binary\r\n"), std::string::npos) << response;
}

TEST_F(SimServerTest, OnlyUint8Utf8Offered_Uint8Utf8Chosen) {
  start({.tls = false});
  const std::string response =
      http(upgrade_request("/ticket/" + server_->issue_ticket(), "uint8utf8"), true);
  EXPECT_NE(response.find("Sec-WebSocket-Protocol: uint8utf8\r\n"), std::string::npos) << response;
}

TEST_F(SimServerTest, OnlyVvcOffered_Refused400AndTicketKept) {
  start({.tls = false});
  const std::string token = server_->issue_ticket();
  const std::string response = http(upgrade_request("/ticket/" + token, "vmware-vvc"));
  EXPECT_TRUE(response.starts_with("HTTP/1.1 400")) << response;
  EXPECT_EQ(connect_to(server_->ticket_url(token)), "ok");
}

TEST_F(SimServerTest, UsedTicket_Plain503AndEventWithShortTicket) {
  start({.tls = false});
  const std::string token = server_->issue_ticket();
  ASSERT_EQ(connect_to(server_->ticket_url(token)), "ok");
  const std::string response = http(upgrade_request("/ticket/" + token, "binary"));
  EXPECT_TRUE(response.starts_with("HTTP/1.1 503")) << response;
  ASSERT_FALSE(events_.empty());
  const auto& refused = events_.back();
  EXPECT_EQ(refused["event"], "ticket-refused");
  EXPECT_EQ(refused["reason"], "used");
  EXPECT_EQ(refused["ticket"], token.substr(0, 4) + "…");
}

TEST_F(SimServerTest, Events_NeverCarryTheFullTicket) {
  start({.tls = false});
  const std::string token = server_->issue_ticket();
  ASSERT_EQ(connect_to(server_->ticket_url(token)), "ok");
  connect_to(server_->ticket_url(token));
  ASSERT_FALSE(events_.empty());
  for (const auto& event : events_) {
    EXPECT_EQ(event.dump().find(token), std::string::npos) << event.dump();
  }
}

TEST_F(SimServerTest, GarbageConnection_DoesNotStopTheServer) {
  start({.tls = false});
  http("\x16\x03\x01 this is not http\r\n\r\n");
  EXPECT_EQ(connect_to(server_->ticket_url(server_->issue_ticket())), "ok");
}

}  // namespace
}  // namespace mks::sim
