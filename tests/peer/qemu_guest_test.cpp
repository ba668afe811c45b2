// The agent against a real VNC server nobody here wrote: QEMU serving the test guest of
// tests/peers/ over RFB (vnc://) and RFB over WebSocket (ws://), and the whole WebMKS path
// to it through `webmks-sim --upstream`. Every test shares one guest (CTest runs this program
// once, in order): a QEMU boot is the expensive part.
#include "tests/support/qemu_guest.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "codecs/png.h"
#include "tests/support/child_process.h"
#include "tests/support/peer_scripts.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The agent timed here is this build's; with AddressSanitizer its start-up alone is ~0.2 s.
#ifdef __SANITIZE_ADDRESS__
constexpr const char* kBuildNote = " (ASan build; release figures: docs/encodings.md)";
#else
constexpr const char* kBuildNote = "";
#endif

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Where two same-sized screens differ: how many pixels, within which box.
struct Difference {
  std::size_t pixels = 0;
  codecs::Rect box;
  std::string describe() const {
    return std::to_string(pixels) + " pixels differ, within " + std::to_string(box.w) + "x" +
           std::to_string(box.h) + " at (" + std::to_string(box.x) + "," + std::to_string(box.y) +
           ")";
  }
};

Difference difference(const codecs::Image& a, const codecs::Image& b) {
  Difference d;
  int x0 = a.width(), y0 = a.height(), x1 = -1, y1 = -1;
  for (int y = 0; y < std::min(a.height(), b.height()); ++y) {
    for (int x = 0; x < std::min(a.width(), b.width()); ++x) {
      if (((a.at(x, y) ^ b.at(x, y)) & 0xFFFFFF) == 0) continue;
      ++d.pixels;
      x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    }
  }
  if (d.pixels > 0) d.box = {x0, y0, x1 - x0 + 1, y1 - y0 + 1};
  return d;
}

// When a progress line ("[  12.3s] grub-recovery.lua:20 key ctrl+x") containing `what` was
// printed, in seconds since the runbook started; -1 if none was.
double step_second(const std::string& progress, const std::string& what) {
  for (const auto& line : lines_of(progress)) {
    if (line.starts_with("[") && line.find(what) != std::string::npos) {
      return std::stod(line.substr(1));
    }
  }
  return -1;
}

class QemuGuestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    missing_ = qemu_guest_missing();
    if (!missing_.empty()) return;
    try {
      const auto start = Clock::now();
      guest_ = std::make_unique<QemuGuest>();
      std::cout << "[figure] guest image + QEMU start: " << seconds_since(start) << " s\n";
    } catch (const std::exception& e) {
      start_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { guest_.reset(); }

  void SetUp() override {
    if (!missing_.empty()) {
      if (peers_required()) FAIL() << "QEMU peer required but " << missing_;
      GTEST_SKIP() << "QEMU peer not available: " << missing_;
    }
    ASSERT_TRUE(guest_) << "QEMU guest did not start: " << start_error_;
  }

  // Resets the guest if it left the menu, then waits until GRUB's menu is drawn (GRUB also
  // writes it to the serial port, our witness) and the screen holds still.
  static void at_grub_menu() {
    if (booted_) {
      grub_menus_seen_ = count_of(guest_->serial_log(), "GNU GRUB");
      guest_->reset();
      booted_ = false;
    }
    const auto deadline = Clock::now() + 60s;
    while (count_of(guest_->serial_log(), "GNU GRUB") <= grub_menus_seen_) {
      ASSERT_LT(Clock::now(), deadline) << "no GRUB menu; serial: " << guest_->serial_log();
      std::this_thread::sleep_for(100ms);
    }
    // Still for 1.2 s, over two periods of a blinking VGA cursor (GRUB hides it only once
    // its menu is drawn).
    int same = 0;
    for (auto before = guest_->screendump(); same < 3; std::this_thread::sleep_for(400ms)) {
      auto now = guest_->screendump();
      same = now.same_pixels(before) && now.width() == 720 ? same + 1 : 0;
      ASSERT_LT(Clock::now(), deadline) << "the GRUB menu never held still";
      before = std::move(now);
    }
  }

  // The agent's one-shot screenshot of `url`, checked pixel for pixel against QEMU's own
  // screendump of the same (still) screen.
  static void screenshot_matches_screendump(const std::string& url, const char* transport) {
    at_grub_menu();
    if (HasFatalFailure()) return;
    const fs::path png = scratch_dir() / "agent.png";
    const auto before = guest_->screendump();
    const auto start = Clock::now();
    const auto run = mksagent({"screenshot", url, "-o", png.string(), "--timeout", "20"});
    const double took = seconds_since(start);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto after = guest_->screendump();
    ASSERT_TRUE(before.same_pixels(after))
        << "the screen changed during the screenshot: " << difference(before, after).describe();
    const auto shot = codecs::read_png_file(png);
    ASSERT_EQ(shot.width(), before.width());
    ASSERT_EQ(shot.height(), before.height());
    EXPECT_TRUE(shot.same_pixels(before)) << difference(shot, before).describe();
    std::cout << "[figure] mksagent screenshot " << transport << ": " << took << " s" << kBuildNote
              << "\n";
  }

  // Plays scenarios/grub-recovery.lua against `url` from the GRUB menu to the rescue shell.
  static void grub_recovery(const std::string& url, const char* transport,
                            const std::vector<std::string>& extra = {}) {
    at_grub_menu();
    if (HasFatalFailure()) return;
    const fs::path out = scratch_dir();
    const std::string param = std::string("mks.peer=") + transport;
    booted_ = true;
    const auto start = Clock::now();
    std::vector<std::string> args = {
        "run",      std::string(MKS_SOURCE_DIR) + "/scenarios/grub-recovery.lua",
        "--target", url,
        "--out",    out.string(),
        "--var",    "param=" + param};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = mksagent(args, 180s);
    const double took = seconds_since(start);
    ASSERT_EQ(run.exit_code, 0) << run.err << "\nserial: " << guest_->serial_log();
    std::cout << "[figure] grub-recovery.lua over " << transport << ": " << took
              << " s, of which boot to the shell prompt "
              << step_second(run.err, "found \"peer-guest# \"") - step_second(run.err, "key ctrl+x")
              << " s\n";
    for (const char* shot : {"01-boot-menu.png", "02-edited-entry.png", "03-recovered.png"}) {
      EXPECT_TRUE(fs::exists(out / shot)) << shot;
    }
    // The serial console is a second witness that the kernel got the parameter.
    EXPECT_NE(guest_->serial_log().find(param), std::string::npos) << guest_->serial_log();
    // The last screenshot is the guest's screen, but for the blinking cursor's cell.
    const auto shot = codecs::read_png_file(out / "03-recovered.png");
    const auto dump = guest_->screendump();
    ASSERT_EQ(shot.width(), dump.width());
    ASSERT_EQ(shot.height(), dump.height());
    const Difference d = difference(shot, dump);
    EXPECT_TRUE(d.box.w <= 9 && d.box.h <= 16) << d.describe();
  }

  // webmks-sim re-serving the guest's VNC console as WebMKS (ws:// one-shot tickets).
  static std::unique_ptr<SimProcess> webmks_gateway() {
    return std::make_unique<SimProcess>(
        std::vector<std::string>{"--no-tls", "--upstream", guest_->vnc_url()});
  }

  static inline std::unique_ptr<QemuGuest> guest_;
  static inline std::string missing_;
  static inline std::string start_error_;
  static inline bool booted_ = false;
  static inline std::size_t grub_menus_seen_ = 0;
};

TEST_F(QemuGuestTest, Screenshot_Vnc_MatchesQemuScreendump) {
  screenshot_matches_screendump(guest_->vnc_url(), "vnc");
}

TEST_F(QemuGuestTest, Screenshot_WebSocket_MatchesQemuScreendump) {
  screenshot_matches_screendump(guest_->ws_url(), "ws");
}

TEST_F(QemuGuestTest, Screenshot_WebMksGateway_MatchesQemuScreendump) {
  const auto gateway = webmks_gateway();
  screenshot_matches_screendump(gateway->ticket_url(), "webmks-gateway");
}

// For the report: the same one-shot screenshot by vncsnapshot (a Debian package), which
// writes only JPEG, so it is timed here rather than compared pixel for pixel.
TEST_F(QemuGuestTest, Screenshot_Vncsnapshot_ForComparison) {
  if (!find_program("vncsnapshot")) {
    if (peers_required()) FAIL() << "vncsnapshot missing (run scripts/install-deps.sh)";
    GTEST_SKIP() << "vncsnapshot not installed";
  }
  at_grub_menu();
  if (HasFatalFailure()) return;
  const fs::path jpg = scratch_dir() / "vncsnapshot.jpg";
  const auto start = Clock::now();
  const auto run =
      run_child("vncsnapshot",
                {"-quiet", "127.0.0.1::" + std::to_string(guest_->vnc_port()), jpg.string()}, 20s);
  const double took = seconds_since(start);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GT(fs::file_size(jpg), 0u);
  std::cout << "[figure] vncsnapshot vnc: " << took << " s\n";
}

TEST_F(QemuGuestTest, GrubRecovery_Vnc) {
  grub_recovery(guest_->vnc_url(), "vnc");
}

TEST_F(QemuGuestTest, GrubRecovery_WebSocket) {
  grub_recovery(guest_->ws_url(), "ws");
}

// VMware scancode events from the agent become QEMU extended key events at the gateway.
TEST_F(QemuGuestTest, GrubRecovery_WebMksGateway) {
  const auto gateway = webmks_gateway();
  grub_recovery(gateway->ticket_url(), "webmks-gateway");
}

// The same guest behind an ESXi-like authentication daemon (TCP 902): vcsim hands out `mks`
// tickets for the gateway's daemon, the agent goes through both TLS sessions to the console.
TEST_F(QemuGuestTest, GrubRecovery_AuthdGateway) {
  SKIP_WITHOUT_VCSIM();
  SimProcess gateway({"--no-tls", "--upstream", guest_->vnc_url(), "--authd-port", "0",
                      "--accept-foreign-tickets"});
  TicketTarget target{"127.0.0.1", gateway.ready().at("port").get<int>(), ""};
  target.mks_port = gateway.ready().at("authd_port").get<int>();
  target.mks_thumbprint = gateway.ready().at("authd_thumbprint_sha1");
  VcsimProcess vcsim(target);
  setenv("MKS_VCENTER_PASSWORD", VcsimProcess::kPassword, 1);
  grub_recovery("vcenter://operator%40vsphere.local@" + vcsim.host_port() + "/DC0_H0_VM0?via=mks",
                "authd-gateway", {"--insecure"});
  unsetenv("MKS_VCENTER_PASSWORD");
}

}  // namespace
}  // namespace mks::test
