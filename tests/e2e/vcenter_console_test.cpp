// vcenter:// end to end with real processes: mksagent -> vcsim (SOAP login, VM lookup,
// AcquireTicket) -> the ticket -> webmks-sim accepting that foreign ticket once.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Sets an environment variable for the programs a test starts, and unsets it after.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { unsetenv(name_); }

 private:
  const char* name_;
};

class VcenterConsole : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_VCSIM();
    sim_.emplace(std::vector<std::string>{"--accept-foreign-tickets"});
    vcsim_.emplace(
        TicketTarget{"127.0.0.1", sim_->ready().at("port").get<int>(), sim_->thumbprint_sha1()});
    vcenter_sha256_ = vcenter_certificate_sha256();
  }

  std::vector<std::string> ticket_args(const std::string& vm) const {
    return {"ticket", "--vcenter", vcsim_->base_url(), "--user",       VcsimProcess::kUser,
            "--vm",   vm,          "--thumbprint",     vcenter_sha256_};
  }
  std::vector<std::string> json_ticket_args(const std::string& vm) const {
    auto args = ticket_args(vm);
    args.push_back("--json");
    return args;
  }
  std::string target(const std::string& vm) const {
    return "vcenter://operator%40vsphere.local@" + vcsim_->host_port() + "/" + vm +
           "?thumbprint=" + vcenter_sha256_;
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
  std::string vcenter_sha256_;
  ScopedEnv password_{"MKS_VCENTER_PASSWORD", VcsimProcess::kPassword};

 private:
  // vcsim's self-signed certificate, as mksagent reports it when it refuses it.
  std::string vcenter_certificate_sha256() const {
    auto run = mksagent({"ticket", "--vcenter", vcsim_->base_url(), "--user", "u", "--vm", "x"});
    const auto at = run.err.find("pin it with --thumbprint ");
    if (at == std::string::npos) throw std::runtime_error("no thumbprint in: " + run.err);
    return run.err.substr(at + 25, 95);
  }
};

TEST_F(VcenterConsole, TicketCommand_JsonWithUrlAndThumbprintOfTheConsole) {
  auto run = mksagent(json_ticket_args("DC0_H0_VM0"));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto reply = json::parse(run.out);
  const std::string port = std::to_string(sim_->ready().at("port").get<int>());
  EXPECT_TRUE(
      reply.at("url").get<std::string>().starts_with("wss://127.0.0.1:" + port + "/ticket/"));
  EXPECT_EQ(reply.at("thumbprint"), sim_->thumbprint_sha1());
  EXPECT_EQ(reply.at("vm"), vcsim_->vms().at("DC0_H0_VM0"));
  EXPECT_EQ(reply.at("api"), "soap");
}

TEST_F(VcenterConsole, TicketCommand_PasswordFromFileNeverFromArgv) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "pw") << VcsimProcess::kPassword << "\n";
  unsetenv("MKS_VCENTER_PASSWORD");
  auto missing = mksagent(ticket_args("DC0_H0_VM0"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no vCenter password"), std::string::npos) << missing.err;
  auto args = ticket_args("DC0_H0_VM0");
  args.insert(args.end(), {"--password-file", (dir / "pw").string()});
  auto run = mksagent(args);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("url: wss://127.0.0.1:"), std::string::npos) << run.out;
  EXPECT_EQ(mksagent({"ticket", "--password", "x"}).exit_code, 2);  // no such option
}

TEST_F(VcenterConsole, Screenshot_VcenterTargetToFirstFrame) {
  const auto dir = scratch_dir();
  const auto started = std::chrono::steady_clock::now();
  auto run =
      mksagent({"screenshot", target("DC0_H0_VM0"), "-o", (dir / "shot.png").string(), "-v"});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::file_size(dir / "shot.png") > 100);
  EXPECT_NE(run.err.find("vCenter soap ticket in"), std::string::npos) << run.err;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  RecordProperty("vcenter_to_first_frame_ms", std::to_string(ms));
  const std::string ticket_line = "vCenter soap ticket in ";
  std::cout << "[figure] vcenter:// to a first-frame screenshot: " << ms << " ms (the ticket "
            << std::stoll(run.err.substr(run.err.find(ticket_line) + ticket_line.size()))
            << " ms of it)\n";
  // The simulator saw one connection on a ticket it had never minted.
  bool connected = false;
  for (const auto& event : sim_->drain_events()) connected |= event.value("event", "") == "connect";
  EXPECT_TRUE(connected);
}

TEST_F(VcenterConsole, Run_VcenterTargetPlaysTheRunbook) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "echo.lua") << "wait_text('sim$')\ntype('hello\\n')\nwait_text('hello')\n";
  auto run = mksagent({"run", (dir / "echo.lua").string(), "--target", target("DC0_H0_VM1"),
                       "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("connecting to vcenter://operator@vsphere.local@"), std::string::npos)
      << run.err;
}

// A runbook's connect() takes a vcenter:// target too (here beside the built-in simulator).
TEST_F(VcenterConsole, Run_ConnectInTheRunbookTakesAVcenterTarget) {
  const auto dir = scratch_dir();
  std::ofstream(dir / "second.lua") << "local vm = connect('" << target("DC0_H0_VM0")
                                    << "')\nvm:wait_text('sim$')\nvm:type('second\\n')\n"
                                       "vm:wait_text('second')\n";
  auto run = mksagent({"run", (dir / "second.lua").string(), "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(sim_->api_get("text").find("second"), std::string::npos);
  EXPECT_NE(run.err.find("connect vcenter://operator@vsphere.local@"), std::string::npos)
      << run.err;
}

TEST_F(VcenterConsole, WrongPassword_OneClearLine) {
  ScopedEnv wrong("MKS_VCENTER_PASSWORD", "not-it");
  auto run = mksagent({"screenshot", target("DC0_H0_VM0"), "-o", "/dev/null"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(lines_of(run.err).size(), 1u) << run.err;
  EXPECT_NE(run.err.find("refused the login of 'operator@vsphere.local' (InvalidLogin)"),
            std::string::npos)
      << run.err;
}

TEST_F(VcenterConsole, UnknownVm_OneClearLine) {
  auto run = mksagent({"screenshot", target("no-such-vm"), "-o", "/dev/null"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("has no VM named 'no-such-vm'"), std::string::npos) << run.err;
}

TEST_F(VcenterConsole, ReusedTicket_RefusedWithGetANewTicket) {
  auto ticket = mksagent(json_ticket_args("DC0_H0_VM0"));
  ASSERT_EQ(ticket.exit_code, 0) << ticket.err;
  const auto reply = json::parse(ticket.out);
  const std::vector<std::string> shot = {"screenshot", reply.at("url"), "-o",
                                         "/dev/null",  "--thumbprint",  reply.at("thumbprint")};
  EXPECT_EQ(mksagent(shot).exit_code, 0);
  auto again = mksagent(shot);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("ticket was refused (HTTP 503)"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("get a new ticket"), std::string::npos) << again.err;
}

}  // namespace
}  // namespace mks::test
