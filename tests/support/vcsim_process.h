#pragma once

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace mks::test {

// Where the tickets that vcsim hands out point (TICKET_* of tests/peers/vcsim/main.go).
struct TicketTarget {
  std::string host = "127.0.0.1";
  int port = 443;
  std::string thumbprint;  // empty: none in the ticket
  // `mks` tickets: the authentication daemon's host (empty: `host`), port and SHA-1
  // (webmks-sim --authd-port).
  std::string mks_host;
  int mks_port = 902;
  std::string mks_thumbprint;
};

// How to start vcsim beyond the default VPX model (4 VMs, tickets with random tokens).
struct VcsimOptions {
  bool plain_http = false;
  // Inventory flags of tests/peers/vcsim/main.go, e.g. {"-dc", "2", "-vm", "8",
  // "-powered-off", "3"}.
  std::vector<std::string> inventory;
  bool moref_tokens = false;  // TICKET_TOKEN_PREFIX=moref: tokens are MOREF.HEX
  // The vSphere API console path: the webmks-sim HTTP API behind PutUsbScanCodes,
  // CreateScreenshot_Task and /screen (SimProcess::api_base(); with moref_tokens a fleet).
  std::string console_url;
  std::vector<std::string> logins;     // -login USER:PASS, accepted besides kUser / kPassword
  std::vector<std::string> denies;     // -deny USER=PRIV[,PRIV...]: privileges withheld
  bool no_screen = false;              // GET /screen answers 404
  bool vmfs_screenshot_paths = false;  // CreateScreenshot_Task results /vmfs/volumes/DS/...
};

// One VM as vcsim printed it at start.
struct VcsimVm {
  std::string moref, name, power_state, host, cluster, folder;  // cluster "" when standalone
};

// govmomi's vCenter simulator with AcquireTicket (MKS_BIN_DIR/vcsim-ticket, built from
// tests/peers/vcsim) on a free loopback port, stopped when the object goes away. Login
// accepts only kUser / kPassword. The ticket target lives in a file the simulator re-reads
// per ticket, so retarget() moves the console between two tickets (a simulated vMotion).
class VcsimProcess {
 public:
  static constexpr const char* kUser = "operator@vsphere.local";
  static constexpr const char* kPassword = "vcsim-pass";

  explicit VcsimProcess(const TicketTarget& target, bool plain_http = false);
  VcsimProcess(const TicketTarget& target, const VcsimOptions& options);
  ~VcsimProcess();
  VcsimProcess(const VcsimProcess&) = delete;
  VcsimProcess& operator=(const VcsimProcess&) = delete;

  // Why vcsim cannot run here ("" when it can); tests skip with it, or fail when
  // MKS_REQUIRE_PEERS is set.
  static std::string missing();

  void retarget(const TicketTarget& target);
  std::string base_url() const { return base_url_; }  // https://127.0.0.1:PORT
  std::string host_port() const;                      // 127.0.0.1:PORT
  // VM names and their managed object ids ("DC0_H0_VM0" -> "vm-57"), as vcsim printed them.
  const std::map<std::string, std::string>& vms() const { return vms_; }
  // Every VM with its power state and placement, in name order.
  const std::vector<VcsimVm>& inventory() const { return inventory_; }

 private:
  std::filesystem::path target_file_;
  std::optional<ChildProcess> process_;
  std::string base_url_;
  std::map<std::string, std::string> vms_;
  std::vector<VcsimVm> inventory_;
};

// In a gtest test body: skips when vcsim cannot run here, fails instead under
// MKS_REQUIRE_PEERS (CI).
#define SKIP_WITHOUT_VCSIM()                                                              \
  if (const auto why = VcsimProcess::missing(); !why.empty()) {                           \
    if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << why; \
    GTEST_SKIP() << why;                                                                  \
  }

}  // namespace mks::test
