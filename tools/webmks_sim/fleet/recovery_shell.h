#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"
#include "tools/webmks_sim/pc_line_input.h"

namespace mks::sim {

// The shell an operator repairs a stuck fleet machine in: root's bash (after login or
// sulogin) or BusyBox ash in the initramfs. Small and deterministic: fsck of the root
// file system, reboot, exit, and a few harmless commands; anything else is "not found" the
// way each shell says it.
class RecoveryShell {
 public:
  enum class Flavour { kBash, kAsh };
  enum class Result { kRunning, kExit, kReboot };

  RecoveryShell(Flavour flavour, std::string host);

  void start(Console& console);
  // `root_damaged`: the root file system needs fsck; a successful fsck clears it.
  Result on_key(const KeyAction& action, Console& console, bool& root_damaged);
  std::string prompt() const;

 private:
  Result run(const std::vector<std::string>& args, Console& console, bool& root_damaged);
  void fsck(const std::vector<std::string>& args, Console& console, bool& root_damaged);
  void print(Console& console, std::string_view text) const;

  Flavour flavour_;
  std::string host_;
  PcLineInput input_{true};
};

}  // namespace mks::sim
