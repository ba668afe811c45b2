#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/webmks_sim/console.h"

namespace mks::sim {

// What GRUB hands the kernel: "BOOT_IMAGE=/boot/vmlinuz-... ARGS" from the script's `linux`
// line; nullopt when the script loads no Linux kernel.
std::optional<std::string> kernel_command_line(const std::vector<std::string>& script);
// True when the script boots memtest (`linux16 .../memtest86+...`).
bool is_memtest(const std::vector<std::string>& script);

// The kernel and systemd booting: timestamped lines appear as simulated time passes
// (about 2 s). With a root file system that needs repair, systemd-fsck fails and the boot
// ends in emergency mode, unless the command line carries fsck.repair=yes, which repairs it.
class PcBootLog {
 public:
  enum class Outcome { kRunning, kEmergency, kLogin };
  static constexpr std::string_view kRepaired = "/dev/sda1: ***** FILE SYSTEM WAS MODIFIED *****";

  void start(Console& console, std::chrono::milliseconds now, const std::string& cmdline,
             bool needs_repair);
  Outcome advance(std::chrono::milliseconds now, Console& console);
  // True when this boot repaired the root file system.
  bool repaired() const { return repaired_; }

 private:
  struct Line {
    int ms;            // since the kernel started
    std::string text;  // kernel lines carry their "[    1.300000] " stamp
  };

  std::vector<Line> lines_;
  std::size_t shown_ = 0;
  std::chrono::milliseconds started_{0};
  Outcome end_ = Outcome::kLogin;
  bool repaired_ = false;
};

}  // namespace mks::sim
