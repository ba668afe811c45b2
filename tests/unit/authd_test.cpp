// The agent's 902 dialogue (connect_authd) against webmks-sim's authentication daemon over
// loopback: the console bytes after it, and every failure as its one line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "agent/errors.h"
#include "agent/transport/authd_connect.h"
#include "loopback_helpers.h"
#include "tools/webmks_sim/net/authd_server.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
using mks::testing::run_on;
using sim::AuthdFault;
using sim::AuthdServer;

constexpr const char* kVmx = "/vmfs/volumes/5f1c-ds1/web01/web01.vmx";

class AuthdTest : public ::testing::Test {
 protected:
  AuthdServer& start(sim::AuthdOptions options = {}) {
    servers_.push_back(std::make_unique<AuthdServer>(
        io_, std::move(options), mks::testing::echo_session,
        [this](const nlohmann::json& event) { events_.push_back(event); }));
    servers_.back()->start();
    return *servers_.back();
  }

  AuthdTicket ticket_for(AuthdServer& server) {
    return {server.issue_ticket(), kVmx, "127.0.0.1", server.port(),
            Thumbprint::parse(server.thumbprint_sha1())};
  }

  // "ok" after the console echoed a few bytes, else "Kind: message".
  std::string outcome(AuthdTicket ticket, AuthdOptions options = {}) {
    options.timeout = std::chrono::milliseconds(5000);
    std::string result;
    run_on(io_, [&]() -> asio::awaitable<void> {
      try {
        auto stream = co_await connect_authd(ticket, options);
        stream->send({'R', 'F', 'B'});
        std::vector<std::uint8_t> echoed(3);
        std::size_t got = 0;
        while (got < 3) got += co_await stream->read_some(std::span(echoed).subspan(got));
        co_await stream->close();
        result = echoed == std::vector<std::uint8_t>{'R', 'F', 'B'} ? "ok" : "wrong bytes";
      } catch (const TicketError& e) {
        result = std::string("TicketError: ") + e.what();
      } catch (const TlsError& e) {
        result = std::string("TlsError: ") + e.what();
      } catch (const ProtocolError& e) {
        result = std::string("ProtocolError: ") + e.what();
      } catch (const TransportError& e) {
        result = std::string("TransportError: ") + e.what();
      } catch (const AgentError& e) {
        result = std::string("AgentError: ") + e.what();
      }
    }());
    return result;
  }

  asio::io_context io_;
  std::vector<nlohmann::json> events_;
  std::vector<std::unique_ptr<AuthdServer>> servers_;
};

TEST_F(AuthdTest, TicketThroughBothTlsSessions_ReachesTheConsole) {
  AuthdServer& server = start();
  EXPECT_EQ(outcome(ticket_for(server)), "ok");
  bool connected = false;
  for (const auto& event : events_) connected = connected || event["event"] == "authd-connected";
  EXPECT_TRUE(connected);
}

TEST_F(AuthdTest, UsedTicket_Is530AsTicketErrorWithoutTheTicket) {
  AuthdServer& server = start();
  const AuthdTicket ticket = ticket_for(server);
  ASSERT_EQ(outcome(ticket), "ok");
  const std::string second = outcome(ticket);
  EXPECT_TRUE(second.starts_with("TicketError: ")) << second;
  EXPECT_NE(second.find("530"), std::string::npos) << second;
  EXPECT_EQ(second.find(ticket.ticket), std::string::npos) << second;
}

TEST_F(AuthdTest, RefusedLogin_IsTicketError) {
  AuthdServer& server = start({.fault = AuthdFault::kRefuseLogin});
  EXPECT_TRUE(outcome(ticket_for(server)).starts_with("TicketError: "));
}

TEST_F(AuthdTest, ConnectRefusals_SayWhy) {
  AuthdServer& missing = start({.fault = AuthdFault::kNoSuchVm});
  const std::string no_vm = outcome(ticket_for(missing));
  EXPECT_TRUE(no_vm.starts_with("AgentError: the host refused the console (553")) << no_vm;
  EXPECT_NE(no_vm.find("not registered on this host"), std::string::npos) << no_vm;
  AuthdServer& busy = start({.fault = AuthdFault::kBusy});
  const std::string busy_vm = outcome(ticket_for(busy));
  EXPECT_NE(busy_vm.find("552"), std::string::npos) << busy_vm;
  EXPECT_NE(busy_vm.find("busy"), std::string::npos) << busy_vm;
}

TEST_F(AuthdTest, WrongFirstThumbprint_IsTlsErrorBeforeTheTicketIsSent) {
  AuthdServer& server = start();
  AuthdServer& other = start();
  AuthdTicket ticket = ticket_for(server);
  ticket.thumbprint = Thumbprint::parse(other.thumbprint_sha1());
  const std::string result = outcome(ticket);
  EXPECT_TRUE(result.starts_with("TlsError: ")) << result;
  // The ticket was never sent: it still works.
  ticket.thumbprint = Thumbprint::parse(server.thumbprint_sha1());
  EXPECT_EQ(outcome(ticket), "ok");
}

TEST_F(AuthdTest, WrongSecondCertificate_IsTlsError) {
  AuthdServer& server = start({.fault = AuthdFault::kWrongThumbprint});
  const std::string result = outcome(ticket_for(server));
  EXPECT_TRUE(result.starts_with("TlsError: ")) << result;
}

TEST_F(AuthdTest, WrongPortOrNoTls_IsOneLine) {
  AuthdServer& ssh = start({.fault = AuthdFault::kNotAuthd});
  const std::string not_authd = outcome(ticket_for(ssh));
  EXPECT_TRUE(not_authd.starts_with("ProtocolError: ")) << not_authd;
  EXPECT_NE(not_authd.find("902"), std::string::npos) << not_authd;
  AuthdServer& old = start({.fault = AuthdFault::kNoTls});
  const std::string no_tls = outcome(ticket_for(old));
  EXPECT_NE(no_tls.find("only over TLS"), std::string::npos) << no_tls;
}

TEST_F(AuthdTest, Redirect_IsFollowedToTheOtherDaemon) {
  AuthdServer& target = start({.accept_foreign_tickets = true});
  AuthdServer& first = start({.fault = AuthdFault::kRedirect,
                              .redirect_to = "127.0.0.1:" + std::to_string(target.port())});
  // The redirected host's certificate is not the ticket's: only --insecure (or a CA the
  // system trusts) accepts it.
  const std::string pinned = outcome(ticket_for(first));
  EXPECT_TRUE(pinned.starts_with("TlsError: ")) << pinned;
  EXPECT_EQ(outcome(ticket_for(first), {.insecure = true}), "ok");
}

TEST_F(AuthdTest, RedirectToAClosedPort_IsTransportError) {
  AuthdServer& first = start({.fault = AuthdFault::kRedirect, .redirect_to = "127.0.0.1:1"});
  const std::string result = outcome(ticket_for(first), {.insecure = true});
  EXPECT_TRUE(result.starts_with("TransportError: ")) << result;
}

TEST_F(AuthdTest, RedirectLoop_StopsAfterTheHopLimit) {
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor probe(io_, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }
  AuthdServer& self = start({.port = port,
                             .fault = AuthdFault::kRedirect,
                             .redirect_to = "127.0.0.1:" + std::to_string(port),
                             .accept_foreign_tickets = true});
  const std::string result = outcome(ticket_for(self), {.insecure = true, .max_redirects = 2});
  EXPECT_TRUE(result.starts_with("ProtocolError: ")) << result;
  EXPECT_NE(result.find("more than 2 times"), std::string::npos) << result;
}

TEST(AuthdFaultNames, EveryNameParses_OthersAreRefused) {
  for (const char* name : {"none", "refuse-login", "expire-first-ticket", "no-such-vm", "busy",
                           "redirect", "wrong-thumbprint", "no-tls", "not-authd"}) {
    EXPECT_NO_THROW(sim::parse_authd_fault(name)) << name;
  }
  EXPECT_THROW(sim::parse_authd_fault("530"), std::invalid_argument);
}

}  // namespace
}  // namespace mks::transport
