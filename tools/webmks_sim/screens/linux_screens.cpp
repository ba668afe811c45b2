#include "tools/webmks_sim/screens/linux_screens.h"

namespace mks::sim::screens {
namespace {

const std::string kRootUuid = "6f1c2b9e-3d4a-4c1e-9b7a-2f0e5d8c1a43";

}  // namespace

std::vector<std::string> quiet_boot_lines() {
  // GRUB 2.06 util/grub.d/10_linux.in; e2fsck/unix.c "clean" line from the initramfs' fsck.
  return {
      "Loading Linux " + std::string(kKernelRelease) + " ...",
      "Loading initial ramdisk ...",
      "/dev/sda1: clean, 51234/1310720 files, 912345/5242624 blocks",
      "",
  };
}

std::vector<std::string> emergency_lines() {
  // systemd 252 (StatusUnitFormat=combined, Debian 12): src/fsck/fsck.c, the status tables
  // of src/core/service.c and target.c; e2fsck/util.c preenhalt() through systemd-fsck.
  return {
      "[  OK  ] Finished systemd-udev-trigger.service - Coldplug All udev Devices.",
      "[  OK  ] Found device dev-sda1.device - VMware_Virtual_S 1.",
      "         Starting systemd-fsck-root.service - File System Check on Root Device...",
      "systemd-fsck[214]: /dev/sda1 contains a file system with errors, check forced.",
      "systemd-fsck[214]: /dev/sda1: Inode 393231 has illegal blocks.",
      "systemd-fsck[214]: /dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.",
      "systemd-fsck[214]: \t(i.e., without -a or -p options)",
      "systemd-fsck[209]: fsck failed with error code 4.",
      "[FAILED] Failed to start systemd-fsck-root.service - File System Check on Root Device.",
      "See 'systemctl status systemd-fsck-root.service' for details.",
      "[DEPEND] Dependency failed for local-fs.target - Local File Systems.",
      "[  OK  ] Started emergency.service - Emergency Shell.",
      "[  OK  ] Reached target emergency.target - Emergency Mode.",
  };
}

std::vector<std::string> busybox_banner() {
  // busybox shell/ash.c: "\n\n%s built-in shell (ash)\nEnter 'help' for a list of
  // built-in commands.\n\n"; the version is Debian 12's busybox 1:1.35.0-4+b3.
  return {
      "",
      "",
      "BusyBox v1.35.0 (Debian 1:1.35.0-4+b3) built-in shell (ash)",
      "Enter 'help' for a list of built-in commands.",
      "",
  };
}

std::vector<std::string> fsck_manual_lines() {
  // initramfs-tools scripts/functions _checkfs_once()/checkfs() (the Failure: line is not
  // printed under quiet), e2fsck/util.c preenhalt(), misc/logsave.c.
  std::vector<std::string> lines = {
      "Loading, please wait...",
      "Starting systemd-udevd version 252.22-1~deb12u1",
      "/dev/sda1 contains a file system with errors, check forced.",
      "/dev/sda1: Inode 393231 has illegal blocks.",
      "",
      "/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.",
      "\t(i.e., without -a or -p options)",
      "fsck exited with status code 4",
      "The root filesystem on /dev/sda1 requires a manual fsck",
  };
  for (auto& line : busybox_banner()) lines.push_back(std::move(line));
  return lines;
}

std::vector<std::string> initramfs_shell_lines() {
  // initramfs-tools scripts/local local_device_setup() (two spaces after "device.",
  // "ALERT!" and "exist.").
  std::vector<std::string> lines = {
      "Loading, please wait...",
      "Starting systemd-udevd version 252.22-1~deb12u1",
      "Gave up waiting for root file system device.  Common problems:",
      " - Boot args (cat /proc/cmdline)",
      "   - Check rootdelay= (did the system wait long enough?)",
      "   - Check root= (did the system wait for the right device?)",
      " - Missing modules (cat /proc/modules; ls /dev)",
      "ALERT!  UUID=" + kRootUuid + " does not exist.  Dropping to a shell!",
  };
  for (auto& line : busybox_banner()) lines.push_back(std::move(line));
  return lines;
}

std::vector<std::string> kernel_panic_lines() {
  // Linux 6.1 init/do_mounts.c mount_block_root(), kernel/panic.c panic(), the x86 stack
  // dump of arch/x86/kernel/dumpstack.c.
  const std::string panic = "VFS: Unable to mount root fs on unknown-block(0,0)";
  return {
      "[    1.512344] VFS: Cannot open root device \"UUID=" + kRootUuid +
          "\" or unknown-block(0,0): error -6",
      "[    1.513290] Please append a correct \"root=\" boot option; here are the available "
      "partitions:",
      "[    1.514102] 0b00         1048575 sr0",
      "[    1.514859] Kernel panic - not syncing: " + panic,
      "[    1.515431] CPU: 0 PID: 1 Comm: swapper/0 Not tainted " + std::string(kKernelRelease) +
          " #1  Debian 6.1.76-1",
      "[    1.516002] Hardware name: VMware, Inc. VMware Virtual Platform/440BX Desktop "
      "Reference Platform, BIOS 6.00 11/12/2020",
      "[    1.516801] Call Trace:",
      "[    1.517011]  <TASK>",
      "[    1.517230]  dump_stack_lvl+0x44/0x5c",
      "[    1.517502]  panic+0x118/0x2ed",
      "[    1.517771]  mount_block_root+0x1d3/0x1e6",
      "[    1.518040]  prepare_namespace+0x136/0x165",
      "[    1.518312]  kernel_init_freeable+0x25c/0x286",
      "[    1.518590]  ? rest_init+0xd0/0xd0",
      "[    1.518861]  kernel_init+0x16/0x130",
      "[    1.519133]  ret_from_fork+0x22/0x30",
      "[    1.519401]  </TASK>",
      "[    1.520733] ---[ end Kernel panic - not syncing: " + panic + " ]---",
  };
}

std::vector<std::string> fsck_repair_lines() {
  // util-linux 2.38 fsck's banner, e2fsck 1.47.0's passes and its "WAS MODIFIED" summary
  // (e2fsck/unix.c, problem.c).
  return {
      "fsck from util-linux 2.38.1",
      "e2fsck 1.47.0 (5-Feb-2023)",
      "/dev/sda1 contains a file system with errors, check forced.",
      "Pass 1: Checking inodes, blocks, and sizes",
      "Inode 393231 has illegal block(s).  Clear? yes",
      "",
      "Illegal block #12 (4294967295) in inode 393231.  CLEARED.",
      "Pass 2: Checking directory structure",
      "Pass 3: Checking directory connectivity",
      "Pass 4: Checking reference counts",
      "Pass 5: Checking group summary information",
      "Block bitmap differences:  -(1234567--1234570)",
      "Fix? yes",
      "",
      "",
      "/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****",
      "/dev/sda1: 51234/1310720 files (0.2% non-contiguous), 912341/5242624 blocks",
  };
}

std::vector<std::string> fsck_clean_lines() {
  return {
      "fsck from util-linux 2.38.1",
      "e2fsck 1.47.0 (5-Feb-2023)",
      "/dev/sda1: clean, 51234/1310720 files, 912341/5242624 blocks",
  };
}

}  // namespace mks::sim::screens
