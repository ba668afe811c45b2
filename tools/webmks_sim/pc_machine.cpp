#include "tools/webmks_sim/pc_machine.h"

#include "tools/webmks_sim/pc_text.h"

namespace mks::sim {
namespace {

constexpr std::string_view kNoKernel = "error: you need to load the kernel first.";
constexpr std::string_view kMemtestDone =
    "Memtest86+ (simulated): 2048M tested, Pass 1 complete, no errors. Press any key to reboot.";

}  // namespace

PcMachine::PcMachine(PcOptions options)
    : options_(std::move(options)),
      needs_repair_(options_.fsck_fault),
      menu_(default_boot_entries()),
      emergency_(options_.password),
      login_(options_.password) {}

void PcMachine::start(Console& console) {
  reboot(console);
}

void PcMachine::reboot(Console& console) {
  stage_ = Stage::kFirmware;
  menu_ = PcBootMenu(default_boot_entries());
  console.set_inverse(false);
  firmware_.start(console, now_);
}

void PcMachine::on_key(const KeyAction& action, Console& console) {
  if (action.kind == KeyAction::Kind::kCtrlAltDel) return reboot(console);
  switch (stage_) {
    case Stage::kFirmware:
      firmware_.on_key(action, console);
      break;
    case Stage::kMenu:
      return on_menu_key(action, console);
    case Stage::kEditor:
      return on_editor_key(action, console);
    case Stage::kMemtest:
      return reboot(console);
    case Stage::kEmergency:
      return on_emergency_key(action, console);
    case Stage::kLogin:
      return on_login_key(action, console);
    case Stage::kShell:
      return on_shell_key(action, console);
    case Stage::kBootLog:
      break;  // the kernel ignores typing while it boots
  }
}

void PcMachine::advance(std::chrono::milliseconds now, Console& console) {
  now_ = now;
  switch (stage_) {
    case Stage::kFirmware:
      firmware_.advance(now);
      if (firmware_.done()) {
        stage_ = Stage::kMenu;
        menu_.start(console, now_);
      }
      break;
    case Stage::kMenu:
      if (menu_.advance(now, console) == PcBootMenu::Choice::kBoot) {
        boot(menu_.selected_entry().lines, console);
      }
      break;
    case Stage::kBootLog:
      after_boot_log(boot_log_.advance(now, console), console);
      break;
    default:
      break;
  }
}

void PcMachine::on_menu_key(const KeyAction& action, Console& console) {
  switch (menu_.on_key(action, console)) {
    case PcBootMenu::Choice::kBoot:
      return boot(menu_.selected_entry().lines, console);
    case PcBootMenu::Choice::kEdit:
      stage_ = Stage::kEditor;
      return editor_.start(menu_.selected_entry(), console);
    case PcBootMenu::Choice::kNone:
      break;
  }
}

void PcMachine::on_editor_key(const KeyAction& action, Console& console) {
  switch (editor_.on_key(action, console)) {
    case PcMenuEditor::Result::kBoot:
      return boot(editor_.lines(), console);
    case PcMenuEditor::Result::kDiscard:
      stage_ = Stage::kMenu;
      return menu_.start(console, now_, false);
    case PcMenuEditor::Result::kEditing:
      break;
  }
}

void PcMachine::boot(const std::vector<std::string>& script, Console& console) {
  console.clear();
  if (is_memtest(script)) {
    stage_ = Stage::kMemtest;
    console.write(kMemtestDone);
    return;
  }
  const auto cmdline = kernel_command_line(script);
  if (!cmdline) {
    // GRUB shows the error, then the menu again once a key is pressed; the menu is enough.
    stage_ = Stage::kMenu;
    menu_.start(console, now_, false);
    pc_text::write_at(console, 0, console.rows() - 1, kNoKernel);
    return;
  }
  cmdline_ = *cmdline;
  stage_ = Stage::kBootLog;
  boot_log_.start(console, now_, cmdline_, needs_repair_);
  if (boot_log_.repaired()) needs_repair_ = false;  // fixed for later boots too
}

void PcMachine::after_boot_log(PcBootLog::Outcome outcome, Console& console) {
  switch (outcome) {
    case PcBootLog::Outcome::kEmergency:
      stage_ = Stage::kEmergency;
      return emergency_.start(console);
    case PcBootLog::Outcome::kLogin:
      stage_ = Stage::kLogin;
      return login_.start(console);
    case PcBootLog::Outcome::kRunning:
      break;
  }
}

void PcMachine::on_emergency_key(const KeyAction& action, Console& console) {
  switch (emergency_.on_key(action, console)) {
    case PcEmergency::Result::kReboot:
      return reboot(console);
    case PcEmergency::Result::kShell:
      return start_shell(console, true);
    case PcEmergency::Result::kWaiting:
      break;
  }
}

void PcMachine::on_login_key(const KeyAction& action, Console& console) {
  if (!login_.on_key(action, console)) return;
  console.write("Linux sim 6.1.0-sim #1 SMP PREEMPT_DYNAMIC Debian 6.1.0-sim x86_64");
  console.new_line();
  console.new_line();
  start_shell(console, false);
}

void PcMachine::start_shell(Console& console, bool degraded) {
  stage_ = Stage::kShell;
  degraded_ = degraded;
  shell_.start(console, cmdline_, degraded);
}

void PcMachine::on_shell_key(const KeyAction& action, Console& console) {
  switch (shell_.on_key(action, console)) {
    case PcShell::Result::kLogout:
      // Leaving the emergency shell continues the boot; here that is a reboot.
      if (degraded_) return reboot(console);
      stage_ = Stage::kLogin;
      return login_.start(console);
    case PcShell::Result::kReboot:
      return reboot(console);
    case PcShell::Result::kRunning:
      break;
  }
}

}  // namespace mks::sim
