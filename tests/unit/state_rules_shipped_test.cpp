// The shipped rules (scenarios/states.lua) on the texts real systems print
// (console-states.md, the exact texts of each section).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "agent/fleet/state_rules.h"
#include "codecs/psf_font.h"
#include "scripting/state_rules_file.h"
#include "tests/unit/state_rules_helpers.h"

namespace mks::fleet {
namespace {

using codecs::Image;
using codecs::rgb;
using screen::ScreenText;

using test::console;
using test::text_screen;

Classification classify(const StateRules& rules, std::vector<std::string> lines) {
  return rules.classify(text_screen(), console(std::move(lines)), std::nullopt);
}

// Loaded once for every test.
const StateRules& shipped() {
  static const StateRules rules =
      scripting::load_state_rules(std::filesystem::path(MKS_SOURCE_DIR) / "scenarios/states.lua");
  return rules;
}

// Console rows as an 80-column screen shows `lines`: longer ones continue on the next row.
std::vector<std::string> rows(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) {
    std::string row;
    std::size_t columns = 0;
    for (char c : line) {
      const bool starts_character = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      if (starts_character && columns == 80) {
        out.push_back(row);
        row.clear();
        columns = 0;
      }
      row += c;
      columns += starts_character ? 1 : 0;
    }
    out.push_back(row);
  }
  return out;
}

Classification shipped_classify(const std::vector<std::string>& lines) {
  return classify(shipped(), rows(lines));
}

std::string state_of(const std::vector<std::string>& lines) {
  return shipped_classify(lines).state;
}

const std::vector<std::string> kDebianIssue = {"", "Debian GNU/Linux 12 web1 tty1", ""};

TEST(ShippedStates, EmergencyModeRhel7Systemd219AndUtilLinux223) {
  const auto result = shipped_classify(
      {"[ TIME ] Timed out waiting for device dev-disk-by\\x2duuid-4c1d.device.",
       "[DEPEND] Dependency failed for /data.",
       "[DEPEND] Dependency failed for Local File Systems.",
       "[  OK  ] Reached target Emergency Mode.",
       "Welcome to emergency mode! After logging in, type \"journalctl -xb\" to view",
       "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or ^D to",
       "try again to boot into default mode.", "Give root password for maintenance",
       "(or type Control-D to continue): "});
  EXPECT_EQ(result.state, "emergency-mode");
  EXPECT_EQ(result.severity, "error");
  EXPECT_NE(result.excerpt.find("Welcome to emergency mode!"), std::string::npos);
  EXPECT_NE(result.excerpt.find("Give root password for maintenance"), std::string::npos);
}

TEST(ShippedStates, EmergencyModeDebian12Systemd252AndUtilLinux238) {
  EXPECT_EQ(
      state_of({"[FAILED] Failed to start systemd-fsck-root.service.",
                "You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
                "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"",
                "to boot into default mode.", "Give root password for maintenance",
                "(or press Control-D to continue): "}),
      "emergency-mode");
}

TEST(ShippedStates, EmergencyModeSystemd254AndUtilLinux241) {
  EXPECT_EQ(
      state_of({"You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
                "system logs, \"systemctl reboot\" to reboot, or \"exit\"", "to continue bootup.",
                "", "Enter root password for system maintenance",
                "(or press Control-D to continue): "}),
      "emergency-mode");
  EXPECT_EQ(
      state_of({"You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
                "system logs, \"systemctl reboot\" to reboot, or \"exit\"", "to continue bootup.",
                "Press Enter for system maintenance", "(or press Control-D to continue): "}),
      "emergency-mode");
}

TEST(ShippedStates, EmergencyModeWithRootLocked) {
  EXPECT_EQ(
      state_of({"You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
                "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"",
                "to boot into default mode.",
                "Cannot open access to console, the root account is locked.",
                "See sulogin(8) man page for more details.", "", "Press Enter to continue."}),
      "emergency-mode");
}

TEST(ShippedStates, ReachedTargetEmergencyModeAloneIsNotEmergencyMode) {
  EXPECT_EQ(
      state_of({"[  OK  ] Started Emergency Shell.", "[  OK  ] Reached target Emergency Mode."}),
      "unknown");
  EXPECT_EQ(state_of({"[  OK  ] Reached target emergency.target - Emergency Mode."}), "unknown");
}

TEST(ShippedStates, FsckManualInitramfsTools) {
  const auto result =
      shipped_classify({"/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.",
                        "\t(i.e., without -a or -p options)", "fsck exited with status code 4",
                        "done.", "Failure: File system check of the root filesystem failed",
                        "The root filesystem on /dev/sda1 requires a manual fsck", "", "",
                        "BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) built-in shell (ash)",
                        "Enter 'help' for a list of built-in commands.", "", "(initramfs) "});
  EXPECT_EQ(result.state, "fsck-manual");
  EXPECT_EQ(result.excerpt, "The root filesystem on /dev/sda1 requires a manual fsck\n(initramfs)");
}

TEST(ShippedStates, FsckManualDracutRepairShell) {
  EXPECT_EQ(state_of({"*** An error occurred during the file system check.",
                      "*** Dropping you to a shell; the system will try",
                      "*** to mount the filesystem(s), when you leave the shell.",
                      "(Repair filesystem):/# "}),
            "fsck-manual");
}

TEST(ShippedStates, InitramfsShellAfterAlertWithoutFsckText) {
  EXPECT_EQ(
      state_of({"Gave up waiting for root file system device.  Common problems:",
                " - Boot args (cat /proc/cmdline)",
                "   - Check rootdelay= (did the system wait long enough?)",
                "   - Check root= (did the system wait for the right device?)",
                " - Missing modules (cat /proc/modules; ls /dev)",
                "ALERT!  UUID=2f1e4b1c-0d9a-4c3e-9b7f-5a1d2e3f4a5b does not exist.  Dropping to a "
                "shell!",
                "", "", "BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) built-in shell (ash)",
                "Enter 'help' for a list of built-in commands.", "", "(initramfs) "}),
      "initramfs-shell");
}

TEST(ShippedStates, DracutEmergencyShellIsTheInitramfsShell) {
  const std::vector<std::string> dracut = {
      "dracut-initqueue[301]: Warning: /dev/mapper/rhel-root does not exist",
      "         Starting Dracut Emergency Shell...",
      "Generating \"/run/initramfs/rdsosreport.txt\"",
      "",
      "Entering emergency mode. Exit the shell to continue.",
      "Type \"journalctl\" to view system logs.",
      "You might want to save \"/run/initramfs/rdsosreport.txt\" to a USB stick or /boot",
      "after mounting them and attach it to a bug report.",
      ""};
  auto with_sulogin = dracut;
  with_sulogin.insert(with_sulogin.end(),
                      {"Give root password for maintenance", "(or press Control-D to continue): "});
  EXPECT_EQ(state_of(with_sulogin), "initramfs-shell");
  auto with_shell = dracut;
  with_shell.push_back("dracut:/# ");
  EXPECT_EQ(state_of(with_shell), "initramfs-shell");
}

TEST(ShippedStates, DracutInitqueueTimeoutAloneIsNotStuck) {
  EXPECT_EQ(
      state_of(
          {"[  OK  ] Reached target Basic System.",
           "[  134.112301] dracut-initqueue[301]: Warning: dracut-initqueue timeout - starting "
           "timeout scripts",
           "[  134.645210] dracut-initqueue[301]: Warning: dracut-initqueue timeout - starting "
           "timeout scripts"}),
      "unknown");
}

TEST(ShippedStates, GrubMenuUpstream206) {
  EXPECT_EQ(state_of({"                       GNU GRUB  version 2.06-13+deb12u1", "",
                      " \xE2\x94\x8C\xE2\x94\x80\xE2\x94\x90", " \xE2\x94\x82*Debian GNU/Linux",
                      " \xE2\x94\x82 Advanced options for Debian", "",
                      "      Use the \xE2\x86\x91 and \xE2\x86\x93 keys to select which entry is "
                      "highlighted.",
                      "      Press enter to boot the selected OS, `e' to edit the commands",
                      "      before booting or `c' for a command-line.",
                      "   The highlighted entry will be executed automatically in 5s."}),
            "grub-menu");
}

TEST(ShippedStates, GrubMenuRhel8AndRhel9) {
  EXPECT_EQ(state_of({"                        GNU GRUB  version 2.02", "",
                      " *Red Hat Enterprise Linux (4.18.0-513.5.1.el8_9.x86_64) 8.9 (Ootpa)", "",
                      "      Use the ^ and v keys to change the selection.",
                      "      Press 'e' to edit the selected item, or 'c' for a command prompt.",
                      "   The selected entry will be started automatically in 5s."}),
            "grub-menu");
  EXPECT_EQ(state_of({"                          GRUB version 2.06", "",
                      " *Red Hat Enterprise Linux (5.14.0-427.13.1.el9_4.x86_64) 9.4 (Plow)", "",
                      "      Use the \xE2\x86\x91 and \xE2\x86\x93 keys to select which entry is "
                      "highlighted.",
                      "      Press enter to boot the selected OS, `e' to edit the commands",
                      "      before booting or `c' for a command-line."}),
            "grub-menu");
}

TEST(ShippedStates, GrubRescue) {
  EXPECT_EQ(state_of({"Welcome to GRUB!", "", "error: unknown filesystem.",
                      "Entering rescue mode...", "grub rescue> "}),
            "grub-rescue");
}

TEST(ShippedStates, KernelPanicWithItsEndLineWrappedAtTheScreenWidth) {
  // 105 characters: two rows on an 80-column console.
  const std::string end_line =
      "[    2.112000] ---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on "
      "unknown-block(0,0) ]---";
  const auto result = shipped_classify(
      {"[    2.104224] VFS: Cannot open root device \"sda1\" or unknown-block(0,0): error -6",
       "[    2.105721] Kernel panic - not syncing: VFS: Unable to mount root fs on "
       "unknown-block(0,0)",
       "[    2.106402] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-18-amd64 #1", end_line});
  EXPECT_EQ(result.state, "kernel-panic");
  EXPECT_EQ(result.severity, "critical");
  EXPECT_EQ(result.excerpt,  // one line again, blank runs as one space
            "[ 2.112000] ---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on "
            "unknown-block(0,0) ]---");
  EXPECT_EQ(state_of({"Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100",
                      "---[ end Kernel panic - not syncing: Attempted to kill init! ]---",
                      "Rebooting in 10 seconds.."}),
            "kernel-panic");
}

TEST(ShippedStates, KernelPanicQuotedInScrolledLogsAboveALoginPromptIsALoginPrompt) {
  std::vector<std::string> lines = {
      "Dec 04 10:00:01 web1 kernel: Kernel panic - not syncing: Fatal exception",
      "Dec 04 10:00:01 web1 kernel: ---[ end Kernel panic - not syncing: Fatal exception ]---"};
  lines.insert(lines.end(), kDebianIssue.begin(), kDebianIssue.end());
  lines.push_back("web1 login: ");
  const auto result = shipped_classify(lines);
  EXPECT_EQ(result.state, "login-prompt");
  EXPECT_EQ(result.severity, "ok");
  EXPECT_EQ(result.excerpt, "web1 login:");
}

TEST(ShippedStates, LoginPromptRhel9AndHalfTypedLogin) {
  EXPECT_EQ(state_of({"Red Hat Enterprise Linux 9.4 (Plow)",
                      "Kernel 5.14.0-427.13.1.el9_4.x86_64 on an x86_64", "",
                      "Activate the web console with: systemctl enable --now cockpit.socket", "",
                      "web1 login: root", "Password: "}),
            "login-prompt");
  EXPECT_EQ(state_of({"login: "}), "login-prompt");
  EXPECT_EQ(state_of({"web1 login: ", "systemd-logind[412]: New seat seat0."}), "unknown");
}

TEST(ShippedStates, SeaBiosNoBootableDevice) {
  EXPECT_EQ(state_of({"SeaBIOS (version rel-1.16.3-0-ga6ed6b701f0a-prebuilt.qemu.org)", "",
                      "Booting from Hard Disk...", "Boot failed: not a bootable disk", "",
                      "No bootable device.  Retrying in 60 seconds."}),
            "no-boot-device");
}

TEST(ShippedStates, NetworkBootDeadEndsIpxeAndIntelPxe) {
  EXPECT_EQ(state_of({"iPXE 1.21.1+ (g0ab2277c) -- Open Source Network Boot Firmware -- "
                      "https://ipxe.org",
                      "Features: DNS HTTP iSCSI TFTP AoE ELF MBOOT PXE bzImage Menu PXEXT",
                      "Configuring (net0 52:54:00:12:34:56)...... No configuration methods "
                      "succeeded (https://ipxe.org/040ee186)",
                      "No more network devices", "", "No bootable device."}),
            "pxe-no-boot");
  EXPECT_EQ(state_of({"CLIENT MAC ADDR: 00 50 56 9A 12 34  GUID: 564D1234-ABCD",
                      "PXE-E51: No DHCP or proxy DHCP offers were received.", "",
                      "PXE-M0F: Exiting Intel PXE ROM.", "Operating System not found"}),
            "pxe-no-boot");
}

TEST(ShippedStates, FirmwareWaitingForAnOperator) {
  EXPECT_EQ(state_of({"UEFI Interactive Shell v2.2", "EDK II", "UEFI v2.70 (EDK II, 0x00010000)",
                      "Mapping table", "      FS0: Alias(s):HD0a1:;BLK1:",
                      "Press ESC in 5 seconds to skip startup.nsh or any other key to continue.",
                      "Shell> "}),
            "firmware-setup");
  EXPECT_EQ(state_of({"Select boot device:", "", "1. DVD/CD [ata1-0: QEMU DVD-ROM ATAPI-4 DVD/CD]",
                      "2. ata0-0: QEMU HARDDISK ATA-7 Hard-Disk (20480 MiBytes)",
                      "3. iPXE (PCI 00:03.0)"}),
            "firmware-setup");
  EXPECT_EQ(state_of({"BdsDxe: failed to load Boot0001 \"UEFI QEMU HARDDISK QM00001 \" from "
                      "PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0): Not Found",
                      "BdsDxe: No bootable option or device was found.",
                      "BdsDxe: Press any key to enter the Boot Manager Menu."}),
            "firmware-setup");
}

TEST(ShippedStates, OneFailedOvmfBootOptionIsNotStuck) {
  EXPECT_EQ(state_of({"BdsDxe: failed to load Boot0001 \"UEFI QEMU HARDDISK QM00001 \" from "
                      "PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0): Not Found",
                      "BdsDxe: loading Boot0002 \"UEFI PXEv4 (MAC:525400123456)\" from "
                      "PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,0x1)/IPv4(0.0.0.0)"}),
            "unknown");
}

ScreenText ocr_text(std::vector<std::string> lines) {
  ScreenText text;
  text.source = ScreenText::Source::kOcr;
  text.lines = std::move(lines);
  return text;
}

TEST(ShippedStates, WindowsRecoveryReadByOcr) {
  EXPECT_TRUE(shipped().wants_ocr());
  const auto result = shipped().classify(
      text_screen(), std::nullopt,
      ocr_text({"Recovery", "", "Your PC/Device needs to be repaired", "",
                "The operating system couldn't be loaded because a required file is missing or "
                "contains errors.",
                "", "File: \\windows\\system32\\winload.efi", "Error code: 0xc0000225", "",
                "You'll need to use recovery tools. If you don't have any installation media "
                "(like a disc or USB device), contact your PC administrator or PC/Device "
                "manufacturer.",
                "", "Press Enter to try again", "Press F8 for Startup Settings",
                "Press Esc for UEFI Firmware Settings"}));
  EXPECT_EQ(result.state, "windows-recovery");
  EXPECT_TRUE(result.ocr);
  EXPECT_EQ(result.excerpt, "Your PC/Device needs to be repaired\nError code: 0xc0000225");
  EXPECT_EQ(shipped()
                .classify(text_screen(), std::nullopt,
                          ocr_text({"Automatic Repair", "Automatic Repair couldn't repair your PC",
                                    "Press \"Advanced options\" to try other options to repair "
                                    "your PC or \"Shut down\" to turn off your PC.",
                                    "Log file: C:\\Windows\\System32\\Logfiles\\Srt\\SrtTrail.txt",
                                    "Shut down Advanced options"}))
                .state,
            "windows-recovery");
}

TEST(ShippedStates, BlankAndGraphicalScreens) {
  EXPECT_EQ(shipped().classify(Image(720, 400, rgb(0, 0, 0)), console({}), std::nullopt).state,
            "blank");
  EXPECT_EQ(shipped().classify(Image(1024, 768, rgb(0, 0, 0)), std::nullopt, std::nullopt).state,
            "blank");
  const auto graphical = shipped().classify(text_screen(), std::nullopt,
                                            ocr_text({"Debian GNU/Linux", "web1", "Password"}));
  EXPECT_EQ(graphical.state, "graphical");
  EXPECT_EQ(graphical.severity, "warning");
  EXPECT_TRUE(graphical.ocr);
  EXPECT_EQ(shipped().classify(text_screen(), std::nullopt, std::nullopt).state, "graphical");
}

// A console drawn in the Debian console font and read back by the font reader, as the sweep
// does it.
TEST(ShippedStates, EmergencyModeReadFromARenderedConsole) {
  const auto font = codecs::PsfFont::load("/usr/share/consolefonts/Lat15-VGA16.psf.gz");
  Image screen(720, 400, rgb(0, 0, 0));
  const std::vector<std::string> lines = {
      "[FAILED] Failed to start systemd-fsck-root.service.",
      "You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
      "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"",
      "to boot into default mode.",
      "Give root password for maintenance",
      "(or press Control-D to continue): "};
  for (std::size_t row = 0; row < lines.size(); ++row) {
    for (std::size_t col = 0; col < lines[row].size(); ++col) {
      const auto glyph = font.glyph_index(static_cast<unsigned char>(lines[row][col]));
      font.draw_glyph(screen, glyph.value_or(0), static_cast<int>(col) * font.width(),
                      static_cast<int>(row) * font.height(), rgb(0xAA, 0xAA, 0xAA), rgb(0, 0, 0));
    }
  }
  const auto text = screen::FontTextReader::with_default_fonts().read(screen);
  ASSERT_TRUE(text);
  const auto result = shipped().classify(screen, text, std::nullopt);
  EXPECT_EQ(result.state, "emergency-mode");
  EXPECT_EQ(result.rule.rfind("states.lua:", 0), 0u);
}

}  // namespace
}  // namespace mks::fleet
