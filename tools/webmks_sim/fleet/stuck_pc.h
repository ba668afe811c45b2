#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tools/webmks_sim/console_program.h"
#include "tools/webmks_sim/fleet/recovery_shell.h"
#include "tools/webmks_sim/pc_boot_menu.h"
#include "tools/webmks_sim/pc_line_input.h"
#include "tools/webmks_sim/pc_login.h"

namespace mks::sim {

// The text console of one fleet machine, switched on in a console state (fleet_state.h)
// and showing what a Debian 12 VM shows there. emergency-mode and fsck-manual machines
// have a damaged root file system that an operator repairs by typing: the root password
// and `fsck -y /dev/sda1` then `reboot` (emergency), or `fsck -y /dev/sda1` then `exit` at
// "(initramfs) "; the machine then boots in about 1.5 s of simulated time to the login
// prompt. Without the fsck it boots back into the same failure.
class StuckPc final : public ConsoleProgram {
 public:
  enum class Stage {
    kFrozen,      // kernel-panic, no-boot-device, pxe-no-boot: nothing answers keys
    kGrubMenu,    // the menu without a countdown
    kGrubRescue,  // "grub rescue> "
    kUefiShell,   // "Shell> "
    kEmergency,   // sulogin's password prompt
    kRootShell,   // root's bash (after sulogin or login)
    kInitramfs,   // BusyBox ash at "(initramfs) "
    kBooting,     // lines appearing as simulated time passes
    kLogin,       // getty
  };

  // `state`: a text-console state of fleet_states(); std::invalid_argument otherwise.
  StuckPc(std::string state, std::string host, std::string password);

  void start(Console& console) override;
  void on_key(const KeyAction& action, Console& console) override;
  void advance(std::chrono::milliseconds now, Console& console) override;

  // True while it needs advance() calls to get on (a boot in progress).
  bool wants_clock() const { return stage_ == Stage::kBooting; }
  Stage stage() const { return stage_; }
  bool root_damaged() const { return root_damaged_; }

 private:
  struct TimedLine {
    std::chrono::milliseconds at;
    std::string text;
  };

  void boot(Console& console, bool from_reset);
  void end_boot(Console& console);
  std::vector<std::string> failure_lines() const;
  Stage failure_stage() const;
  void enter(Stage stage, Console& console);
  void on_shell_key(const KeyAction& action, Console& console);
  void on_prompt_key(const KeyAction& action, Console& console);

  std::string state_;
  std::string host_;
  Stage stage_ = Stage::kFrozen;
  bool root_damaged_;
  bool logged_in_ = false;  // the root shell came from login (exit: back to getty)
  std::chrono::milliseconds now_{0};
  std::chrono::milliseconds boot_started_{0};
  std::vector<TimedLine> boot_lines_;
  std::size_t shown_ = 0;
  Stage after_boot_ = Stage::kLogin;
  PcBootMenu menu_;
  PcEmergency emergency_;
  PcLogin login_;
  RecoveryShell bash_;
  RecoveryShell ash_;
  PcLineInput prompt_input_{true};
};

}  // namespace mks::sim
