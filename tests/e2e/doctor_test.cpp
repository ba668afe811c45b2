// mksagent doctor against real processes: vcsim (tests/peers/vcsim) with a webmks-sim console
// behind its VMs and tickets pointing where each case needs. Every case reads the table (one
// row per hop) or the JSON; no timing is asserted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

constexpr const char* kTyper = "typer@vsphere.local";
constexpr const char* kTyperPassword = "typer-pass";

// The table row of hop `name`: "STATUS  NAME  DETAIL (N ms) -> ADVICE".
std::optional<std::string> row(const std::string& out, const std::string& name) {
  for (const auto& line : lines_of(out)) {
    if (line.size() > 6 && line.compare(6, name.size() + 2, name + "  ") == 0) return line;
  }
  return std::nullopt;
}

std::string status_of(const std::string& out, const std::string& name) {
  const auto line = row(out, name);
  return line ? line->substr(0, line->find(' ')) : "(no row " + name + ")";
}

std::vector<std::string> fail_rows(const std::string& out) {
  std::vector<std::string> rows;
  for (const auto& line : lines_of(out)) {
    if (line.starts_with("FAIL ")) rows.push_back(line);
  }
  return rows;
}

bool has_line(const std::string& out, const std::string& text) {
  const auto lines = lines_of(out);
  return std::find(lines.begin(), lines.end(), text) != lines.end();
}

class Doctor : public ::testing::Test {
 protected:
  void SetUp() override { setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1); }
  void TearDown() override { unsetenv("MKS_VCENTER_PASSWORD"); }

  // webmks-sim behind vcsim's VMs; tickets point at `ticket` (the sim, pinned, by default).
  void start(std::optional<TicketTarget> ticket = std::nullopt) {
    sim_.emplace(std::vector<std::string>{"--accept-foreign-tickets", "--authd-port", "0"});
    VcsimOptions options;
    options.console_url = sim_->api_base();
    options.inventory = {"-powered-off", "1"};
    options.logins.push_back(std::string(kTyper) + ":" + kTyperPassword);
    options.denies.push_back(std::string(kTyper) + "=VirtualMachine.Interact.PutUsbScanCodes");
    vcsim_.emplace(with_authd(ticket.value_or(sim_ticket())), options);
  }
  TicketTarget sim_ticket() const {
    return TicketTarget{"127.0.0.1", sim_->ready().at("port").get<int>(), sim_->thumbprint_sha1()};
  }
  // `mks` tickets for the sim's authentication daemon, whatever the WebMKS ticket says.
  TicketTarget with_authd(TicketTarget target) const {
    target.mks_host = "127.0.0.1";
    target.mks_port = sim_->ready().at("authd_port").get<int>();
    target.mks_thumbprint = sim_->ready().at("authd_thumbprint_sha1");
    return target;
  }
  std::string vm_in(const std::string& state) const {
    for (const auto& vm : vcsim_->inventory()) {
      if (vm.power_state == state) return vm.moref;
    }
    throw std::runtime_error("no VM " + state);
  }
  std::string target(const std::string& vm = "",
                     const std::string& user = "operator%40vsphere.local") const {
    return "vcenter://" + user + "@" + vcsim_->host_port() + "/" +
           (vm.empty() ? vm_in("poweredOn") : vm);
  }
  RunResult doctor(const std::string& to, std::vector<std::string> more = {"--insecure"}) {
    std::vector<std::string> args = {"doctor", to, "--timeout", "5"};
    args.insert(args.end(), more.begin(), more.end());
    return mksagent(args);
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
};

TEST_F(Doctor, HealthyTarget_EveryHopOk_BothPathsWork_AutoTakesWebmks) {
  SKIP_WITHOUT_VCSIM();
  start();
  const auto run = doctor(target());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* hop : {"vCenter address",
                          "vCenter TCP",
                          "vCenter TLS",
                          "login",
                          "VM",
                          "power state",
                          "privilege ConsoleInteract",
                          "privilege PutUsbScanCodes",
                          "privilege CreateScreenshot",
                          "WebMKS ticket",
                          "ESXi address",
                          "ESXi TCP",
                          "ESXi TLS",
                          "WebSocket upgrade",
                          "RFB handshake",
                          "first frame",
                          "API screenshot",
                          "mks ticket",
                          "authd (902)",
                          "authd ServerInit",
                          "authd first frame"}) {
    EXPECT_EQ(status_of(run.out, hop), "ok") << hop << "\n" << run.out;
  }
  EXPECT_EQ(status_of(run.out, "ESXi TCP 902"), "info") << run.out;
  EXPECT_NE(row(run.out, "ESXi TLS")->find("equals the ticket's"), std::string::npos) << run.out;
  EXPECT_NE(row(run.out, "first frame")->find("720x400"), std::string::npos) << run.out;
  EXPECT_TRUE(has_line(run.out, "  webmks  ok")) << run.out;
  EXPECT_TRUE(has_line(run.out, "  api     ok")) << run.out;
  EXPECT_TRUE(has_line(run.out, "  902     ok")) << run.out;
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: webmks")) << run.out;
  EXPECT_TRUE(fail_rows(run.out).empty()) << run.out;
  EXPECT_EQ(run.out.find(VcsimProcess::kPassword), std::string::npos);
  // The figure for the notes: doctor's own total on a healthy target.
  std::cout << run.out << "[ figure ] " << lines_of(run.out).back() << "\n";
}

TEST_F(Doctor, Json_ParsesAndMatchesTheTable) {
  SKIP_WITHOUT_VCSIM();
  start(TicketTarget{"127.0.0.1", 1, ""});
  const auto table = doctor(target());
  auto more = std::vector<std::string>{"--insecure", "--json"};
  const auto json_run = doctor(target(), more);
  ASSERT_EQ(json_run.exit_code, table.exit_code) << json_run.err;
  const auto report = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(report["target"],
            "vcenter://operator@vsphere.local@" + vcsim_->host_port() + "/" + vm_in("poweredOn"));
  ASSERT_EQ(report["hops"].size(), lines_of(table.out).size() - 7) << table.out;
  for (const auto& hop : report["hops"]) {
    const std::string name = hop["name"];
    EXPECT_EQ(status_of(table.out, name), hop["status"].get<std::string>()) << name;
    EXPECT_EQ(hop["advice"].get<std::string>().empty(), hop["status"] != "FAIL") << name;
    EXPECT_GE(hop["ms"].get<long>(), 0);
  }
  EXPECT_EQ(report["paths"]["webmks"], "failed");
  EXPECT_EQ(report["paths"]["api"], "ok");
  EXPECT_EQ(report["paths"]["902"], "ok");
  EXPECT_EQ(report["auto"], "api");
}

TEST_F(Doctor, BadPassword_LoginFails_RestSkipped_NoPathWorks) {
  SKIP_WITHOUT_VCSIM();
  start();
  setenv("MKS_VCENTER_PASSWORD", "wrong-pass", 1);
  const auto run = doctor(target());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  login ")) << fails[0];
  EXPECT_NE(fails[0].find("InvalidLogin"), std::string::npos) << fails[0];
  EXPECT_NE(fails[0].find("-> check the user name and the password"), std::string::npos);
  EXPECT_EQ(status_of(run.out, "VM"), "skip");
  EXPECT_EQ(status_of(run.out, "first frame"), "skip");
  EXPECT_EQ(status_of(run.out, "API screenshot"), "skip");
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: none")) << run.out;
  EXPECT_EQ(run.out.find("wrong-pass"), std::string::npos);
}

TEST_F(Doctor, UnknownVm_VmHopFails) {
  SKIP_WITHOUT_VCSIM();
  start();
  const auto run = doctor(target("no-such-vm"));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  VM ")) << fails[0];
  EXPECT_NE(fails[0].find("no VM named 'no-such-vm'"), std::string::npos) << fails[0];
  EXPECT_NE(fails[0].find("-> check the VM's name"), std::string::npos) << fails[0];
  EXPECT_EQ(status_of(run.out, "WebMKS ticket"), "skip");
}

TEST_F(Doctor, PoweredOffVm_PowerHopFails_NoPathWorks) {
  SKIP_WITHOUT_VCSIM();
  start();
  const auto run = doctor(target(vm_in("poweredOff")));
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  power state ")) << fails[0];
  EXPECT_NE(fails[0].find("poweredOff"), std::string::npos) << fails[0];
  EXPECT_NE(fails[0].find("-> power the VM on"), std::string::npos) << fails[0];
  EXPECT_EQ(status_of(run.out, "WebMKS ticket"), "skip");
  EXPECT_EQ(status_of(run.out, "API screenshot"), "skip");
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: none")) << run.out;
}

TEST_F(Doctor, MissingPrivilege_ApiPathFails_WebmksWorks) {
  SKIP_WITHOUT_VCSIM();
  start();
  setenv("MKS_VCENTER_PASSWORD", kTyperPassword, 1);
  const auto run = doctor(target("", "typer%40vsphere.local"));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  privilege PutUsbScanCodes ")) << fails[0];
  EXPECT_NE(fails[0].find("-> the API path cannot type"), std::string::npos) << fails[0];
  EXPECT_EQ(status_of(run.out, "privilege CreateScreenshot"), "ok");
  EXPECT_EQ(status_of(run.out, "first frame"), "ok");
  EXPECT_TRUE(has_line(run.out, "  webmks  ok")) << run.out;
  EXPECT_NE(run.out.find("  api     failed (privilege PutUsbScanCodes:"), std::string::npos)
      << run.out;
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: webmks")) << run.out;
}

TEST_F(Doctor, HostNameDoesNotResolve_WebmksFailsAtTheName_AutoTakesTheApi) {
  SKIP_WITHOUT_VCSIM();
  start(TicketTarget{"esx-nowhere.invalid", 443, ""});
  const auto run = doctor(target());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  ESXi address ")) << fails[0];
  EXPECT_NE(fails[0].find("esx-nowhere.invalid does not resolve from here"), std::string::npos);
  EXPECT_NE(fails[0].find("-> the ESXi host name does not resolve from here: add it to DNS or "
                          "/etc/hosts, or use --via api"),
            std::string::npos)
      << fails[0];
  EXPECT_EQ(status_of(run.out, "ESXi TCP"), "skip");
  EXPECT_EQ(status_of(run.out, "first frame"), "skip");
  EXPECT_EQ(status_of(run.out, "API screenshot"), "ok");
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: api")) << run.out;
}

TEST_F(Doctor, PortClosed_WebmksFailsAtTcp_AutoTakesTheApi) {
  SKIP_WITHOUT_VCSIM();
  start(TicketTarget{"127.0.0.1", 1, ""});
  const auto run = doctor(target());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  ESXi TCP ")) << fails[0];
  EXPECT_NE(fails[0].find("127.0.0.1:1 refused"), std::string::npos) << fails[0];
  EXPECT_NE(fails[0].find("-> nothing accepts connections on 127.0.0.1:1"), std::string::npos);
  EXPECT_EQ(status_of(run.out, "ESXi TLS"), "skip");
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: api")) << run.out;
}

TEST_F(Doctor, AuthdRefusesTheTicket_902PathFailsAlone) {
  SKIP_WITHOUT_VCSIM();
  start();
  TicketTarget ticket = with_authd(sim_ticket());
  ticket.mks_port = 1;
  vcsim_->retarget(ticket);
  const auto run = doctor(target());
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  authd (902) ")) << fails[0];
  EXPECT_NE(fails[0].find("-> open TCP 902 from here"), std::string::npos) << fails[0];
  EXPECT_EQ(status_of(run.out, "authd first frame"), "skip");
  EXPECT_NE(run.out.find("  902     failed (authd (902):"), std::string::npos) << run.out;
  EXPECT_TRUE(has_line(run.out, "  webmks  ok")) << run.out;
}

// vCenter pinned by the thumbprint doctor itself shows for it (not --insecure, which would
// let any console certificate through as it does for the agent).
TEST_F(Doctor, ThumbprintMismatch_EsxiTlsFails_VcenterPinnedByTheShownThumbprint) {
  SKIP_WITHOUT_VCSIM();
  start();
  vcsim_->retarget(with_authd(
      TicketTarget{"127.0.0.1", sim_->ready().at("port").get<int>(), std::string(40, 'a')}));
  const auto untrusted = doctor(target(), {});
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.out;
  const auto vc_tls = row(untrusted.out, "vCenter TLS");
  ASSERT_TRUE(vc_tls && vc_tls->starts_with("FAIL")) << untrusted.out;
  EXPECT_NE(vc_tls->find("-> vCenter's certificate is not trusted here"), std::string::npos);
  // The agent's own TLS line names the certificate: "... pin it with --thumbprint HEX or ...".
  const std::string marker = "pin it with --thumbprint ";
  const auto at = vc_tls->find(marker);
  ASSERT_NE(at, std::string::npos) << *vc_tls;
  const std::string pin = vc_tls->substr(at + marker.size(), 95);  // 32 bytes as XX:...:XX
  ASSERT_EQ(std::count(pin.begin(), pin.end(), ':'), 31) << pin;

  const auto run = doctor(target() + "?thumbprint=" + pin, {});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(status_of(run.out, "vCenter TLS"), "ok") << run.out;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  ESXi TLS ")) << fails[0];
  EXPECT_NE(fails[0].find("does not match the pinned AA:AA"), std::string::npos) << fails[0];
  EXPECT_NE(fails[0].find("-> the host's certificate is not the one vCenter vouches for"),
            std::string::npos);
  EXPECT_EQ(status_of(run.out, "WebSocket upgrade"), "skip");
  EXPECT_TRUE(has_line(run.out, "--via auto would pick: api")) << run.out;
}

TEST(DoctorUrl, TicketUrl_AllHopsOk_AndSaysTheTicketIsUsedUp) {
  SimProcess sim;
  const auto run = mksagent(
      {"doctor", sim.ticket_url(), "--thumbprint", sim.thumbprint_sha256(), "--timeout", "5"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  for (const char* hop : {"console address", "console TCP", "console TLS", "WebSocket upgrade",
                          "RFB handshake", "first frame"}) {
    EXPECT_EQ(status_of(run.out, hop), "ok") << hop << "\n" << run.out;
  }
  EXPECT_NE(run.out.find("  api     not applicable"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("note: the ticket URL was used by this check"), std::string::npos);
  EXPECT_EQ(run.out.find(sim.ticket_url()), std::string::npos) << "ticket printed in full";
}

TEST(DoctorUrl, VncPortClosed_TcpFails_ExitsOne) {
  const auto run = mksagent({"doctor", "vnc://127.0.0.1:1", "--timeout", "5"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const auto fails = fail_rows(run.out);
  ASSERT_EQ(fails.size(), 1u) << run.out;
  EXPECT_TRUE(fails[0].starts_with("FAIL  console TCP ")) << fails[0];
  EXPECT_EQ(status_of(run.out, "RFB handshake"), "skip");
}

TEST(DoctorUsage, BadTargetOrThumbprint_ExitsTwo) {
  EXPECT_EQ(mksagent({"doctor", "http://nowhere"}).exit_code, 2);
  EXPECT_EQ(mksagent({"doctor", "vnc://127.0.0.1:1", "--thumbprint", "xyz"}).exit_code, 2);
}

}  // namespace
}  // namespace mks::test
