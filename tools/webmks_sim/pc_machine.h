#pragma once

#include <chrono>
#include <string>

#include "tools/webmks_sim/console_program.h"
#include "tools/webmks_sim/pc_boot_log.h"
#include "tools/webmks_sim/pc_boot_menu.h"
#include "tools/webmks_sim/pc_firmware.h"
#include "tools/webmks_sim/pc_login.h"
#include "tools/webmks_sim/pc_menu_editor.h"
#include "tools/webmks_sim/pc_shell.h"

namespace mks::sim {

struct PcOptions {
  bool fsck_fault = true;        // the root file system needs repair until fsck.repair=yes
  std::string password = "mks";  // root's password
};

// A deterministic PC: firmware → boot menu (→ editor) → boot log → emergency shell or
// login → shell, and back to the firmware on reboot or Ctrl+Alt+Del. All timing follows
// the simulated clock given to advance().
class PcMachine : public ConsoleProgram {
 public:
  enum class Stage { kFirmware, kMenu, kEditor, kBootLog, kMemtest, kEmergency, kLogin, kShell };

  explicit PcMachine(PcOptions options = {});

  void start(Console& console) override;
  void on_key(const KeyAction& action, Console& console) override;
  void advance(std::chrono::milliseconds now, Console& console) override;

  Stage stage() const { return stage_; }
  bool needs_repair() const { return needs_repair_; }
  const std::string& booted_command_line() const { return cmdline_; }

 private:
  void reboot(Console& console);
  void boot(const std::vector<std::string>& script, Console& console);
  void start_shell(Console& console, bool degraded);
  void on_menu_key(const KeyAction& action, Console& console);
  void on_editor_key(const KeyAction& action, Console& console);
  void on_login_key(const KeyAction& action, Console& console);
  void on_emergency_key(const KeyAction& action, Console& console);
  void on_shell_key(const KeyAction& action, Console& console);
  void after_boot_log(PcBootLog::Outcome outcome, Console& console);

  PcOptions options_;
  Stage stage_ = Stage::kFirmware;
  std::chrono::milliseconds now_{0};
  bool needs_repair_;
  bool degraded_ = false;
  std::string cmdline_;
  PcFirmware firmware_;
  PcBootMenu menu_;
  PcMenuEditor editor_;
  PcBootLog boot_log_;
  PcEmergency emergency_;
  PcLogin login_;
  PcShell shell_;
};

}  // namespace mks::sim
