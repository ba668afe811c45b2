#include "tools/webmks_sim/screens/firmware_screens.h"

namespace mks::sim::screens {
namespace {

void append(std::vector<std::string>& lines, std::vector<std::string> more) {
  for (auto& line : more) lines.push_back(std::move(line));
}

}  // namespace

std::vector<std::string> seabios_banner() {
  // SeaBIOS src/bootsplash.c, src/fw/biostables.c, src/boot.c interactive_bootmenu().
  return {
      "SeaBIOS (version 1.16.2-debian-1.16.2-1)",
      "Machine UUID 4c4c4544-0042-3510-8052-b4c04f4b3732",
      "",
      "",
      "Press ESC for boot menu.",
      "",
  };
}

std::vector<std::string> no_boot_device_lines() {
  auto lines = seabios_banner();
  append(lines, {
                    "Booting from Hard Disk...",
                    "Boot failed: not a bootable disk",
                    "",
                    "No bootable device.  Retrying in 60 seconds.",
                });
  return lines;
}

std::vector<std::string> pxe_no_boot_lines() {
  // iPXE src/arch/x86/prefix/romprefix.S, src/core/main.c, src/usr/autoboot.c,
  // src/usr/ifmgmt.c (error URIs https://ipxe.org/%08x).
  std::vector<std::string> lines = {
      "SeaBIOS (version 1.16.2-debian-1.16.2-1)",
      "Machine UUID 4c4c4544-0042-3510-8052-b4c04f4b3732",
      "",
      "",
      "iPXE (https://ipxe.org) 00:03.0 CA00 PCI2.10 PnP PMM+7EFCF4A0+7EF2F4A0 CA00",
      "Press Ctrl-B to configure iPXE (PCI 00:03.0)...",
      "",
      "Booting from ROM...",
      "iPXE (PCI 00:03.0) starting execution...ok",
      "iPXE initialising devices...ok",
      "",
      "",
      "",
      "iPXE 1.21.1+ (g4bd064de) -- Open Source Network Boot Firmware -- https://ipxe.org",
      "Features: DNS HTTP iSCSI TFTP AoE ELF MBOOT PXE bzImage Menu PXEXT",
      "net0: 52:54:00:12:34:56 using 82540em on 0000:00:03.0 (Ethernet) [open]",
      "  [Link:up, TX:0 TXE:0 RX:0 RXE:0]",
      "Configuring (net0 52:54:00:12:34:56)...... No configuration methods succeeded "
      "(https://ipxe.org/040ee186)",
      "No more network devices",
  };
  return lines;
}

std::vector<std::string> grub_rescue_lines() {
  // GRUB 2.06 kern/main.c ("Welcome to GRUB!" on BIOS builds), kern/fs.c, kern/main.c
  // grub_rescue_run(); "GRUB loading." from boot/i386/pc/diskboot.S.
  auto lines = seabios_banner();
  append(lines, {
                    "Booting from Hard Disk...",
                    "GRUB loading.",
                    "Welcome to GRUB!",
                    "",
                    "error: unknown filesystem.",
                    "Entering rescue mode...",
                });
  return lines;
}

std::vector<std::string> uefi_shell_lines() {
  // OVMF PlatformBmPrintScLib/StatusCodeHandler.c; ShellPkg Shell.uni
  // STR_VER_OUTPUT_MAIN_SHELL, STR_SHELL_STARTUP_QUESTION.
  return {
      "BdsDxe: failed to load Boot0001 \"UEFI QEMU HARDDISK QM00001 \" from "
      "PciRoot(0x0)/Pci(0x1,0x1)/Ata(Primary,Master,0x0): Not Found",
      "BdsDxe: failed to load Boot0002 \"UEFI PXEv4 (MAC:525400123456)\" from "
      "PciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,0x1)/IPv4(0.0.0.0): Not Found",
      "UEFI Interactive Shell v2.2",
      "EDK II",
      "UEFI v2.70 (EDK II, 0x00010000)",
      "Mapping table",
      "     BLK0: Alias(s):",
      "          PciRoot(0x0)/Pci(0x1,0x1)/Ata(0x0)",
      "Press ESC in 1 seconds to skip startup.nsh or any other key to continue.",
  };
}

std::string grub_unknown_command(std::string_view name) {
  return "error: unknown command `" + std::string(name) + "'.";
}

std::string uefi_unknown_command(std::string_view name) {
  return "'" + std::string(name) +
         "' is not recognized as an internal or external command, operable program, or "
         "script file.";
}

}  // namespace mks::sim::screens
