#include "tools/webmks_sim/pc_machine.h"

#include <gtest/gtest.h>

#include "tests/unit/pc_test_harness.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;
using Kind = KeyAction::Kind;
using Stage = PcMachine::Stage;
using testing::PcHarness;

// Splash and menu countdown, then the default entry boots on its own.
void boot_default(PcHarness& h) {
  h.wait(1600ms);
  h.wait(5100ms);
}

TEST(PcMachine, Splash_ShowsSetupHintThenMenu) {
  PcHarness h;
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);
  EXPECT_TRUE(h.shows("Press F2 to enter Setup"));
  h.wait(1400ms);
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);
  h.wait(200ms);
  EXPECT_EQ(h.pc.stage(), Stage::kMenu);
  EXPECT_TRUE(h.shows("*Debian GNU/Linux"));
  EXPECT_TRUE(h.shows("The highlighted entry will be executed automatically in 5s."));
}

TEST(PcMachine, F2_OpensSetupUntilEsc) {
  PcHarness h;
  h.key(KeyAction::function(2));
  EXPECT_TRUE(h.shows("SimBIOS Setup Utility"));
  h.wait(5s);
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);  // setup holds the boot
  h.key(Kind::kEscape);
  h.wait(20ms);
  EXPECT_EQ(h.pc.stage(), Stage::kMenu);
}

TEST(PcMachine, Countdown_CountsDownAndBootsIntoEmergencyWithFault) {
  PcHarness h;
  h.wait(1600ms);
  h.wait(2000ms);
  EXPECT_TRUE(h.shows("executed automatically in 3s."));
  h.wait(3100ms);
  EXPECT_EQ(h.pc.stage(), Stage::kBootLog);
  EXPECT_TRUE(
      h.shows_wrapped("Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro quiet"));
  h.wait(1600ms);
  EXPECT_TRUE(h.shows("/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY."));
  h.wait(900ms);
  EXPECT_EQ(h.pc.stage(), Stage::kEmergency);
  EXPECT_TRUE(h.shows("You are in emergency mode."));
  EXPECT_TRUE(h.shows("Give root password for maintenance"));
  EXPECT_EQ(h.last_line(), "(or press Control-D to continue):");
}

TEST(PcMachine, AnyKey_StopsCountdown) {
  PcHarness h;
  h.wait(1600ms);
  h.key(Kind::kDown);
  h.wait(10s);
  EXPECT_EQ(h.pc.stage(), Stage::kMenu);
  EXPECT_FALSE(h.shows("executed automatically"));
  EXPECT_TRUE(h.shows("*Advanced options for Debian GNU/Linux"));
}

TEST(PcMachine, EmergencyControlD_Reboots) {
  PcHarness h;
  boot_default(h);
  h.wait(2500ms);
  ASSERT_EQ(h.pc.stage(), Stage::kEmergency);
  h.key(KeyAction::ctrl(U'd'));
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);
  EXPECT_TRUE(h.shows("Press F2 to enter Setup"));
}

TEST(PcMachine, EmergencyPassword_OpensDegradedShell) {
  PcHarness h;
  boot_default(h);
  h.wait(2500ms);
  h.line("nope");
  EXPECT_TRUE(h.shows("Login incorrect"));
  EXPECT_EQ(h.pc.stage(), Stage::kEmergency);
  h.line("mks");
  ASSERT_EQ(h.pc.stage(), Stage::kShell);
  h.line("systemctl status");
  EXPECT_TRUE(h.shows("State: degraded"));
}

TEST(PcMachine, NoFault_BootsToLogin) {
  PcHarness h(PcOptions{false, "mks"});
  boot_default(h);  // the log has run for about 200 ms
  h.wait(1850ms);
  EXPECT_TRUE(h.shows("/dev/sda1: clean, 51234/1310720 files"));
  EXPECT_TRUE(h.shows("[  OK  ] Reached target multi-user.target."));
  h.wait(400ms);
  EXPECT_EQ(h.pc.stage(), Stage::kLogin);
  EXPECT_EQ(h.console.line(0), "Debian GNU/Linux 12 sim tty1");
  EXPECT_EQ(h.console.line(1), "");
  EXPECT_EQ(h.console.line(2), "sim login:");
}

// The demo's whole story: the fault, the repair through the editor, login, commands.
TEST(PcMachine, EditAddsFsckRepair_RepairsLogsInRunsCommandsAndReboots) {
  PcHarness h;
  boot_default(h);
  h.wait(2500ms);
  ASSERT_EQ(h.pc.stage(), Stage::kEmergency);
  h.key(Kind::kCtrlAltDel);
  h.wait(1600ms);
  ASSERT_EQ(h.pc.stage(), Stage::kMenu);
  h.type("e");
  ASSERT_EQ(h.pc.stage(), Stage::kEditor);
  for (int i = 0; i < 4; ++i) h.key(Kind::kDown);  // setparams, blank, load_video, insmod
  h.key(Kind::kEnd);
  h.type(" fsck.repair=yes");
  h.key(KeyAction::ctrl(U'x'));
  ASSERT_EQ(h.pc.stage(), Stage::kBootLog);
  h.wait(2100ms);
  EXPECT_TRUE(h.shows("\n/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****\n"));
  h.wait(400ms);
  ASSERT_EQ(h.pc.stage(), Stage::kLogin);
  EXPECT_FALSE(h.pc.needs_repair());

  h.line("root");
  EXPECT_EQ(h.last_line(), "Password:");
  h.line("wrong");
  EXPECT_FALSE(h.shows("wrong"));  // not echoed
  EXPECT_TRUE(h.shows("Login incorrect"));
  EXPECT_EQ(h.last_line(), "sim login:");
  h.line("root");
  h.line("mks");
  ASSERT_EQ(h.pc.stage(), Stage::kShell);
  EXPECT_FALSE(h.shows("mks\n"));
  EXPECT_EQ(h.last_line(), "root@sim:~#");

  h.line("cat /proc/cmdline");
  EXPECT_TRUE(
      h.shows("BOOT_IMAGE=/boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro quiet fsck.repair=yes\n"));
  h.line("echo hello   world");
  EXPECT_TRUE(h.shows("\nhello world\n"));
  h.line("uname -a");
  EXPECT_TRUE(h.shows("Linux sim 6.1.0-sim #1 SMP"));
  h.line("hostname");
  EXPECT_TRUE(h.shows("\nsim\n"));
  h.line("date");
  EXPECT_TRUE(h.shows("Mon Jan 15 12:00:00 UTC 2024"));
  h.line("systemctl status");
  EXPECT_TRUE(h.shows("State: running"));
  h.line("frobnicate --now");
  EXPECT_TRUE(h.shows("-sh: frobnicate: command not found"));
  h.line("clear");
  EXPECT_EQ(h.console.line(0), "root@sim:~#");
  h.line("reboot");
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);

  // Repaired for good: the next plain boot is clean.
  boot_default(h);
  h.wait(1850ms);
  EXPECT_TRUE(h.shows("/dev/sda1: clean"));
  h.wait(400ms);
  EXPECT_EQ(h.pc.stage(), Stage::kLogin);
}

TEST(PcMachine, ShellExit_ReturnsToLogin) {
  PcHarness h(PcOptions{false, "secret"});
  boot_default(h);
  h.wait(2500ms);
  h.line("root");
  h.line("secret");
  ASSERT_EQ(h.pc.stage(), Stage::kShell);
  h.line("ls");
  EXPECT_TRUE(h.shows("notes.txt"));
  h.line("exit");
  EXPECT_EQ(h.pc.stage(), Stage::kLogin);
  EXPECT_EQ(h.last_line(), "sim login:");
}

TEST(PcMachine, MemoryTestEntry_ReportsAndRebootsOnKey) {
  PcHarness h;
  h.wait(1600ms);
  h.key(Kind::kDown);
  h.key(Kind::kDown);
  h.key(Kind::kEnter);
  EXPECT_EQ(h.pc.stage(), Stage::kMemtest);
  EXPECT_TRUE(h.shows("no errors"));
  h.key(Kind::kEnter);
  EXPECT_EQ(h.pc.stage(), Stage::kFirmware);
}

}  // namespace
}  // namespace mks::sim
