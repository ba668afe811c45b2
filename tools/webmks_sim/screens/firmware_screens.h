#pragma once

#include <string>
#include <string_view>
#include <vector>

// Firmware and boot loader texts of a stuck VM (SeaBIOS 1.16, iPXE 1.21, GRUB 2.06, EDK II
// 2022.11 as in Debian 12's QEMU), line by line, from /work/shared/docs/console-states.md
// §5 and §7.
namespace mks::sim::screens {

// SeaBIOS's banner as QEMU shows it before it boots.
std::vector<std::string> seabios_banner();
// SeaBIOS: the disk has no boot sector and nothing else boots (src/boot.c boot_fail()).
std::vector<std::string> no_boot_device_lines();
// iPXE from QEMU's NIC ROM: no DHCP answer, "No more network devices".
std::vector<std::string> pxe_no_boot_lines();
// GRUB 2.06's core image without its file system: "Entering rescue mode..." (the prompt
// is written by the rescue reader).
std::vector<std::string> grub_rescue_lines();
// OVMF gave up on its boot options and started the UEFI Interactive Shell.
std::vector<std::string> uefi_shell_lines();

inline constexpr std::string_view kGrubRescuePrompt = "grub rescue> ";
inline constexpr std::string_view kUefiShellPrompt = "Shell> ";
// GRUB 2.06 kern/rescue_reader.c, kern/err.c: "error: unknown command `%s'."
std::string grub_unknown_command(std::string_view name);
// EDK II ShellPkg Shell.uni STR_SHELL_INVALID_EXTERNAL (roughly; the doc's wording).
std::string uefi_unknown_command(std::string_view name);

}  // namespace mks::sim::screens
