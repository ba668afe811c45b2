// Console tickets from vCenter: SOAP against govmomi's real vCenter simulator (vcsim, with
// AcquireTicket), REST against webmks-sim's small vCenter REST API.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdlib>

#include "agent/vsphere/ticket_source.h"
#include "agent/vsphere/vcenter_error.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::vsphere {
namespace {

using test::TicketTarget;
using test::VcsimProcess;

const std::string kSha1 = "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:10:20:30:40";

ConsoleTicket acquire(const VcenterLogin& login, const std::string& vm,
                      TicketApi api = TicketApi::kAuto) {
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, acquire_console_ticket(login, VmSelector::parse(vm), api),
                                      boost::asio::use_future);
  io.run();
  return future.get();
}

VcenterLogin login_to(const std::string& base_url, std::string password = VcsimProcess::kPassword) {
  VcenterLogin login;
  login.endpoint = VcenterEndpoint::parse(base_url);
  login.user = VcsimProcess::kUser;
  login.password = std::move(password);
  login.tls.insecure = true;
  login.timeout = std::chrono::seconds(10);
  return login;
}

// The error's message, or "" when `call` did not throw E.
template <class E, class F>
std::string error_of(F call) {
  try {
    call();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

class VcsimTicket : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_VCSIM();
    vcsim_.emplace(TicketTarget{"127.0.0.1", 9443, kSha1});
  }
  VcenterLogin login(std::string password = VcsimProcess::kPassword) const {
    return login_to(vcsim_->base_url(), std::move(password));
  }
  std::optional<VcsimProcess> vcsim_;
};

TEST_F(VcsimTicket, ByName_SoapTicketWithUrlAndThumbprint) {
  const auto ticket = acquire(login(), "DC0_H0_VM0");
  EXPECT_EQ(ticket.api, "soap");  // vcsim has no REST API: auto fell back on its 404
  EXPECT_EQ(ticket.vm, vcsim_->vms().at("DC0_H0_VM0"));
  EXPECT_TRUE(ticket.url.starts_with("wss://127.0.0.1:9443/ticket/")) << ticket.url;
  EXPECT_GT(ticket.url.size(), std::string("wss://127.0.0.1:9443/ticket/").size() + 16);
  ASSERT_TRUE(ticket.thumbprint);
  EXPECT_EQ(ticket.thumbprint->to_string(), kSha1);
}

TEST_F(VcsimTicket, ByInventoryPathAndById_SameVm) {
  const std::string id = vcsim_->vms().at("DC0_H0_VM1");
  EXPECT_EQ(acquire(login(), "DC0/vm/DC0_H0_VM1").vm, id);
  EXPECT_EQ(acquire(login(), id, TicketApi::kSoap).vm, id);
}

TEST_F(VcsimTicket, EachCallGetsAFreshTicket) {
  EXPECT_NE(acquire(login(), "DC0_H0_VM0").url, acquire(login(), "DC0_H0_VM0").url);
}

TEST_F(VcsimTicket, WrongPassword_AuthErrorNamingInvalidLogin) {
  const auto message = error_of<AuthError>([&] { acquire(login("wrong"), "DC0_H0_VM0"); });
  EXPECT_NE(message.find("refused the login of 'operator@vsphere.local' (InvalidLogin)"),
            std::string::npos)
      << message;
}

TEST_F(VcsimTicket, UnknownVm_ClearErrorForNamePathAndId) {
  EXPECT_NE(error_of<VcenterError>([&] {
              acquire(login(), "no-such-vm");
            }).find("has no VM named 'no-such-vm'"),
            std::string::npos);
  EXPECT_NE(error_of<VcenterError>([&] {
              acquire(login(), "DC0/vm/nope");
            }).find("has no VM at inventory path 'DC0/vm/nope'"),
            std::string::npos);
  EXPECT_NE(
      error_of<VcenterError>([&] { acquire(login(), "vm-99999"); }).find("has no VM vm-99999"),
      std::string::npos);
}

TEST_F(VcsimTicket, VcenterCertificate_VerifiedOrPinned) {
  auto verified = login();
  verified.tls.insecure = false;
  const auto untrusted = error_of<TlsError>([&] { acquire(verified, "DC0_H0_VM0"); });
  const auto at = untrusted.find("pin it with --thumbprint ");
  ASSERT_NE(at, std::string::npos) << untrusted;
  const auto sha256 = untrusted.substr(at + 25, 95);

  auto pinned = verified;
  pinned.tls.thumbprint = transport::Thumbprint::parse(sha256);
  EXPECT_EQ(acquire(pinned, "DC0_H0_VM0").vm, vcsim_->vms().at("DC0_H0_VM0"));

  pinned.tls.thumbprint = transport::Thumbprint::parse(kSha1);
  EXPECT_NE(error_of<TlsError>([&] { acquire(pinned, "DC0_H0_VM0"); }).find("does not match"),
            std::string::npos);
}

TEST(VcenterTicket, NothingListening_TransportError) {
  const auto message =
      error_of<TransportError>([] { acquire(login_to("https://127.0.0.1:1"), "x"); });
  EXPECT_NE(message.find("connection refused"), std::string::npos) << message;
}

// REST: webmks-sim's vCenter REST API mints tickets of its own console.
class RestTicket : public ::testing::Test {
 protected:
  test::SimProcess sim_{{"--vcenter-rest", "ops:secret", "--vcenter-rest-vm", "pc01"}};
  VcenterLogin login(std::string password = "secret") const {
    auto login = login_to(sim_.ready().at("api").get<std::string>(), std::move(password));
    login.user = "ops";
    return login;
  }
};

TEST_F(RestTicket, ByName_RestTicketOfTheSimulator) {
  const auto ticket = acquire(login(), "pc01");
  EXPECT_EQ(ticket.api, "rest");
  EXPECT_EQ(ticket.vm, "vm-1");
  const std::string port = std::to_string(sim_.ready().at("port").get<int>());
  EXPECT_TRUE(ticket.url.starts_with("wss://127.0.0.1:" + port + "/ticket/")) << ticket.url;
  EXPECT_FALSE(ticket.thumbprint);  // the REST API does not say it
}

TEST_F(RestTicket, WrongPasswordUnknownVm_ClearErrors) {
  EXPECT_NE(error_of<AuthError>([&] { acquire(login("nope"), "pc01"); }).find("HTTP 401"),
            std::string::npos);
  EXPECT_NE(
      error_of<VcenterError>([&] { acquire(login(), "pc02"); }).find("has no VM named 'pc02'"),
      std::string::npos);
  EXPECT_NE(error_of<VcenterError>([&] { acquire(login(), "vm-7"); }).find("has no VM vm-7"),
            std::string::npos);
}

TEST(RestTicketMissing, NoRestApi_RestOnlyFailsClearly) {
  test::SimProcess sim;  // without --vcenter-rest: /api/session is 404, as on vCenter 6.x
  auto login = login_to(sim.ready().at("api").get<std::string>());
  const auto message = error_of<VcenterError>([&] { acquire(login, "pc01", TicketApi::kRest); });
  EXPECT_NE(message.find("has no REST API at /api (HTTP 404)"), std::string::npos) << message;
}

}  // namespace
}  // namespace mks::vsphere
