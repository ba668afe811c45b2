// The fleet's stuck machines: each state's screen read back with the agent's own font text
// reader (and tesseract for the Windows screen), and the repairs an operator types.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "agent/input/keyboard_layout.h"
#include "agent/screen/tesseract_reader.h"
#include "agent/screen/text_reader.h"
#include "tools/webmks_sim/fleet/stuck_pc.h"
#include "tools/webmks_sim/screens/picture_screens.h"
#include "tools/webmks_sim/sim_machine.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;
using Stage = StuckPc::Stage;

const codecs::PsfFont& console_font() {
  static const codecs::PsfFont font = codecs::PsfFont::load(
      std::string(screen::FontTextReader::kDefaultFontDir) + "/Lat15-VGA16.psf.gz");
  return font;
}

const screen::FontTextReader& reader() {
  static const screen::FontTextReader instance = screen::FontTextReader::with_default_fonts();
  return instance;
}

// The state's screen as the agent reads it from the pixels.
screen::ScreenText read_state(const std::string& state) {
  SimMachine machine(console_font(), input::KeyboardLayout::by_name("us"),
                     std::make_unique<StuckPc>(state, "vm-57", "mks"));
  auto text = reader().read(machine.framebuffer());
  EXPECT_TRUE(text.has_value()) << state << " is not read as a text console";
  return text.value_or(screen::ScreenText{});
}

std::string last_line(const screen::ScreenText& text) {
  for (auto it = text.lines.rbegin(); it != text.lines.rend(); ++it) {
    if (!it->empty()) return *it;
  }
  return {};
}

// The rows padded to 80 columns and joined: text the console wrapped reads whole again.
std::string unwrapped(const screen::ScreenText& text) {
  std::string all;
  for (auto line : text.lines) {
    line.resize(std::max<std::size_t>(line.size(), 80), ' ');
    all += line;
  }
  return all;
}

void expect_texts(const std::string& state, std::initializer_list<std::string_view> texts,
                  std::string_view bottom) {
  const auto text = read_state(state);
  for (auto needle : texts) {
    EXPECT_TRUE(text.contains(needle)) << state << " lacks \"" << needle << "\":\n"
                                       << text.joined();
  }
  EXPECT_EQ(last_line(text), bottom) << state;
}

TEST(StuckScreens, LoginPrompt_ShowsIssueAndPromptWithTheKeysHostName) {
  expect_texts("login-prompt", {"Debian GNU/Linux 12 vm-57 tty1", "/dev/sda1: clean"},
               "vm-57 login:");
}

TEST(StuckScreens, EmergencyMode_ShowsSystemdFailureAndSulogin) {
  expect_texts("emergency-mode",
               {"[FAILED] Failed to start systemd-fsck-root.service",
                "[DEPEND] Dependency failed for local-fs.target - Local File Systems.",
                "You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
                "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"",
                "to boot into default mode.", "Give root password for maintenance"},
               "(or press Control-D to continue):");
}

TEST(StuckScreens, FsckManual_ShowsInitramfsToolsManualFsckAndBusyBox) {
  expect_texts("fsck-manual",
               {"/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.",
                "        (i.e., without -a or -p options)", "fsck exited with status code 4",
                "The root filesystem on /dev/sda1 requires a manual fsck",
                "BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) built-in shell (ash)",
                "Enter 'help' for a list of built-in commands."},
               "(initramfs)");
}

TEST(StuckScreens, InitramfsShell_ShowsGaveUpWaitingAndAlert) {
  const auto text = read_state("initramfs-shell");
  EXPECT_TRUE(text.contains("Gave up waiting for root file system device.  Common problems:"));
  EXPECT_NE(unwrapped(text).find("ALERT!  UUID=6f1c2b9e-3d4a-4c1e-9b7a-2f0e5d8c1a43 does not "
                                 "exist.  Dropping to a shell!"),
            std::string::npos)
      << text.joined();
  EXPECT_TRUE(text.contains("BusyBox v1.35.0"));
  EXPECT_FALSE(text.contains("manual fsck"));
  EXPECT_EQ(last_line(text), "(initramfs)");
}

TEST(StuckScreens, GrubMenu_IsTheMenuWithoutCountdown) {
  const auto text = read_state("grub-menu");
  EXPECT_TRUE(text.contains("GNU GRUB  version 2.06"));
  EXPECT_TRUE(text.contains("keys to select which entry is highlighted."));
  EXPECT_FALSE(text.contains("executed automatically"));
}

TEST(StuckScreens, GrubRescue_EndsAtTheRescuePrompt) {
  expect_texts("grub-rescue", {"error: unknown filesystem.", "Entering rescue mode..."},
               "grub rescue>");
}

TEST(StuckScreens, KernelPanic_EndsWithTheEndMarker) {
  const auto text = read_state("kernel-panic");
  EXPECT_TRUE(text.contains("Kernel panic - not syncing: VFS: Unable to mount root fs on"));
  EXPECT_TRUE(text.contains("Call Trace:"));
  EXPECT_TRUE(text.contains("VFS: Cannot open root device"));
  // The stamped end line is wider than 80 columns: the console wraps it.
  EXPECT_NE(
      unwrapped(text).find("---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on "
                           "unknown-block(0,0) ]---"),
      std::string::npos)
      << text.joined();
  EXPECT_TRUE(last_line(text).ends_with("unknown-block(0,0) ]---")) << last_line(text);
}

TEST(StuckScreens, NoBootDevice_ShowsSeaBiosGivingUp) {
  expect_texts("no-boot-device",
               {"SeaBIOS (version 1.16.2-debian-1.16.2-1)", "Booting from Hard Disk...",
                "Boot failed: not a bootable disk"},
               "No bootable device.  Retrying in 60 seconds.");
}

TEST(StuckScreens, PxeNoBoot_EndsWithNoMoreNetworkDevices) {
  expect_texts("pxe-no-boot", {"iPXE initialising devices...ok", "Open Source Network Boot"},
               "No more network devices");
}

TEST(StuckScreens, FirmwareSetup_IsTheUefiShell) {
  expect_texts("firmware-setup", {"UEFI Interactive Shell v2.2", "EDK II", "Mapping table"},
               "Shell>");
}

TEST(StuckScreens, PictureStates_AreNotTextConsoles) {
  EXPECT_FALSE(reader().read(screens::windows_recovery_screen(console_font())).has_value());
  EXPECT_FALSE(reader().read(screens::graphical_screen()).has_value());
  const auto blank = reader().read(screens::blank_screen());
  ASSERT_TRUE(blank.has_value());  // one colour: a console with nothing on it
  for (const auto& line : blank->lines) EXPECT_EQ(line, "");
}

TEST(StuckScreens, Graphical_IsMoreThanOneColour) {
  const auto image = screens::graphical_screen();
  std::set<codecs::Pixel> colours(image.pixels().begin(), image.pixels().end());
  EXPECT_GT(colours.size(), 20u);
}

TEST(StuckScreens, WindowsRecovery_IsReadByTesseract) {
  screen::TesseractReader ocr;
  const std::string text = ocr.read(screens::windows_recovery_screen(console_font()));
  EXPECT_NE(text.find("needs to be repaired"), std::string::npos) << text;
  EXPECT_NE(text.find("Error code"), std::string::npos) << text;
  EXPECT_NE(text.find("Recovery"), std::string::npos) << text;
}

TEST(StuckScreens, TextStatesOnly_ElseInvalidArgument) {
  EXPECT_THROW(StuckPc("windows-recovery", "h", "mks"), std::invalid_argument);
  EXPECT_THROW(StuckPc("meteor", "h", "mks"), std::invalid_argument);
}

// Drives a StuckPc on a bare Console with a hand-moved clock (20 ms ticks).
struct StuckHarness {
  Console console;
  StuckPc pc;
  std::chrono::milliseconds now{0};

  explicit StuckHarness(const std::string& state) : pc(state, "vm-57", "mks") { pc.start(console); }
  void wait(std::chrono::milliseconds duration) {
    for (const auto until = now + duration; now < until;) {
      now += 20ms;
      pc.advance(now, console);
    }
  }
  void line(std::string_view ascii) {
    for (char c : ascii) pc.on_key(KeyAction::character(static_cast<char32_t>(c)), console);
    pc.on_key(KeyAction::of(KeyAction::Kind::kEnter), console);
  }
  std::string screen() const {
    std::string all;
    for (const auto& row : console.lines()) all += row + "\n";
    return all;
  }
  bool shows(std::string_view text) const { return screen().find(text) != std::string::npos; }
  std::string last_line() const {
    for (int row = console.rows() - 1; row >= 0; --row) {
      if (!console.line(row).empty()) return console.line(row);
    }
    return {};
  }
};

TEST(StuckRepair, Emergency_PasswordFsckReboot_EndsAtLogin) {
  StuckHarness h("emergency-mode");
  h.line("mks");
  EXPECT_EQ(h.pc.stage(), Stage::kRootShell);
  EXPECT_EQ(h.last_line(), "root@vm-57:~#");
  h.line("fsck -y /dev/sda1");
  EXPECT_TRUE(h.shows("/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****"));
  EXPECT_FALSE(h.pc.root_damaged());
  h.line("reboot");
  EXPECT_EQ(h.pc.stage(), Stage::kBooting);
  EXPECT_TRUE(h.pc.wants_clock());
  h.wait(2s);
  EXPECT_EQ(h.pc.stage(), Stage::kLogin);
  EXPECT_FALSE(h.pc.wants_clock());
  EXPECT_EQ(h.last_line(), "vm-57 login:");
  EXPECT_TRUE(h.shows("Debian GNU/Linux 12 vm-57 tty1"));
}

TEST(StuckRepair, Emergency_RebootWithoutFsck_EndsInEmergencyAgain) {
  StuckHarness h("emergency-mode");
  h.line("mks");
  h.line("reboot");
  h.wait(2s);
  EXPECT_EQ(h.pc.stage(), Stage::kEmergency);
  EXPECT_TRUE(h.shows("You are in emergency mode."));
  EXPECT_EQ(h.last_line(), "(or press Control-D to continue):");
}

TEST(StuckRepair, Emergency_WrongPassword_IsRefused) {
  StuckHarness h("emergency-mode");
  h.line("guess");
  EXPECT_EQ(h.pc.stage(), Stage::kEmergency);
  EXPECT_TRUE(h.shows("Login incorrect"));
}

TEST(StuckRepair, FsckManual_FsckThenExit_ContinuesToLogin) {
  StuckHarness h("fsck-manual");
  h.line("fsck -y /dev/sda1");
  EXPECT_TRUE(h.shows("/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****"));
  EXPECT_EQ(h.last_line(), "(initramfs)");
  h.line("exit");
  h.wait(2s);
  EXPECT_EQ(h.pc.stage(), Stage::kLogin);
  EXPECT_EQ(h.last_line(), "vm-57 login:");
}

TEST(StuckRepair, FsckManual_ExitWithoutFsck_FailsTheSameWay) {
  StuckHarness h("fsck-manual");
  h.line("exit");
  h.wait(2s);
  EXPECT_EQ(h.pc.stage(), Stage::kInitramfs);
  EXPECT_TRUE(h.shows("The root filesystem on /dev/sda1 requires a manual fsck"));
  EXPECT_EQ(h.last_line(), "(initramfs)");
}

TEST(StuckRepair, Initramfs_UnknownCommand_IsNotFound) {
  StuckHarness h("fsck-manual");
  h.line("ls -l");
  EXPECT_TRUE(h.shows("sh: ls: not found"));
  EXPECT_TRUE(h.pc.root_damaged());
}

TEST(StuckRepair, LoginPrompt_RootLogsInToAShell) {
  StuckHarness h("login-prompt");
  h.line("root");
  h.line("mks");
  EXPECT_EQ(h.pc.stage(), Stage::kRootShell);
  h.line("frobnicate");
  EXPECT_TRUE(h.shows("-bash: frobnicate: command not found"));
  EXPECT_EQ(h.last_line(), "root@vm-57:~#");
}

TEST(StuckRepair, GrubRescue_AnswersUnknownCommands) {
  StuckHarness h("grub-rescue");
  h.line("boot");
  EXPECT_TRUE(h.shows("error: unknown command `boot'."));
  EXPECT_EQ(h.last_line(), "grub rescue>");
}

TEST(StuckRepair, KernelPanic_IgnoresKeys) {
  StuckHarness h("kernel-panic");
  const std::string before = h.screen();
  h.line("reboot");
  h.wait(1s);
  EXPECT_EQ(h.screen(), before);
  EXPECT_FALSE(h.pc.wants_clock());
}

}  // namespace
}  // namespace mks::sim
