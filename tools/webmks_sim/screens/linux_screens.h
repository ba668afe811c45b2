#pragma once

#include <string>
#include <string_view>
#include <vector>

// The texts a Debian 12 VM shows in each stuck console state (Linux 6.1, systemd 252,
// util-linux 2.38, e2fsprogs 1.47, initramfs-tools, BusyBox 1.35), line by line, as
// collected in /work/shared/docs/console-states.md §1-§4 and §6. Lines are written as they
// are; the console wraps those over 80 columns, as the real one does.
namespace mks::sim::screens {

// GRUB's and the initramfs' lines of a quiet, healthy boot up to getty (Debian's tty1
// getty runs with --noclear, so they stay above the issue).
std::vector<std::string> quiet_boot_lines();
// systemd 252 failing the root file system check, up to the emergency banner (the banner
// and sulogin's prompt are PcEmergency's).
std::vector<std::string> emergency_lines();
// initramfs-tools after fsck found errors it cannot fix alone: "requires a manual fsck",
// then BusyBox's banner (the "(initramfs) " prompt is the shell's).
std::vector<std::string> fsck_manual_lines();
// initramfs-tools after the root device never appeared: "ALERT! … Dropping to a shell!".
std::vector<std::string> initramfs_shell_lines();
// Linux 6.1 without a root device: VFS lines, the panic, a call trace, the end marker.
std::vector<std::string> kernel_panic_lines();
// BusyBox ash's banner as the initramfs shell prints it (blank lines included).
std::vector<std::string> busybox_banner();

// e2fsck 1.47's report for `fsck -y /dev/sda1` on the damaged and on the repaired disk.
std::vector<std::string> fsck_repair_lines();
std::vector<std::string> fsck_clean_lines();

inline constexpr std::string_view kKernelRelease = "6.1.0-18-amd64";
inline constexpr std::string_view kRootDevice = "/dev/sda1";
inline constexpr std::string_view kInitramfsPrompt = "(initramfs) ";

}  // namespace mks::sim::screens
