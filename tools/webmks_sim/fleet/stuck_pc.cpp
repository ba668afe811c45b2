#include "tools/webmks_sim/fleet/stuck_pc.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "tools/webmks_sim/pc_text.h"
#include "tools/webmks_sim/screens/firmware_screens.h"
#include "tools/webmks_sim/screens/linux_screens.h"

namespace mks::sim {
namespace {

using namespace std::chrono_literals;
using Stage = StuckPc::Stage;

constexpr auto kFailureStart = 900ms;   // after GRUB's lines on a boot from reset
constexpr auto kContinueStart = 300ms;  // when the initramfs or systemd carries on
constexpr auto kLineGap = 40ms;
constexpr auto kSettle = 200ms;  // the last line stays a moment before the prompt

const std::vector<std::string>& grub_loading() {
  static const std::vector<std::string> lines = {
      "Loading Linux " + std::string(screens::kKernelRelease) + " ...",
      "Loading initial ramdisk ...",
  };
  return lines;
}

void write_all(Console& console, const std::vector<std::string>& lines) {
  pc_text::write_lines(console, lines);
}

bool damaged_at_start(const std::string& state) {
  return state == "emergency-mode" || state == "fsck-manual";
}

std::string first_word(const std::string& line) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  return word;
}

}  // namespace

StuckPc::StuckPc(std::string state, std::string host, std::string password)
    : state_(std::move(state)),
      host_(std::move(host)),
      root_damaged_(damaged_at_start(state_)),
      menu_(default_boot_entries()),
      emergency_(password),
      login_(password, host_),
      bash_(RecoveryShell::Flavour::kBash, host_),
      ash_(RecoveryShell::Flavour::kAsh, host_) {
  static const std::vector<std::string> kText = {
      "login-prompt", "emergency-mode", "fsck-manual",    "initramfs-shell", "grub-menu",
      "grub-rescue",  "kernel-panic",   "no-boot-device", "pxe-no-boot",     "firmware-setup"};
  if (std::find(kText.begin(), kText.end(), state_) == kText.end()) {
    throw std::invalid_argument("'" + state_ + "' is not a text console state");
  }
}

void StuckPc::start(Console& console) {
  console.clear();
  if (state_ == "grub-menu") return enter(Stage::kGrubMenu, console);
  if (state_ == "grub-rescue") {
    write_all(console, screens::grub_rescue_lines());
    return enter(Stage::kGrubRescue, console);
  }
  if (state_ == "firmware-setup") {
    write_all(console, screens::uefi_shell_lines());
    return enter(Stage::kUefiShell, console);
  }
  if (state_ == "no-boot-device") write_all(console, screens::no_boot_device_lines());
  if (state_ == "pxe-no-boot") write_all(console, screens::pxe_no_boot_lines());
  if (state_ == "no-boot-device" || state_ == "pxe-no-boot") return enter(Stage::kFrozen, console);
  if (state_ == "kernel-panic") {  // 24 rows: the VFS lines stay on screen
    write_all(console, screens::kernel_panic_lines());
    return enter(Stage::kFrozen, console);
  }
  write_all(console, grub_loading());
  write_all(console, failure_lines());
  enter(failure_stage(), console);
}

// What the Linux states boot into: their failure while it lasts, else a healthy boot.
std::vector<std::string> StuckPc::failure_lines() const {
  if (state_ == "initramfs-shell") return screens::initramfs_shell_lines();
  if (root_damaged_ && state_ == "fsck-manual") return screens::fsck_manual_lines();
  if (root_damaged_ && state_ == "emergency-mode") return screens::emergency_lines();
  auto healthy = screens::quiet_boot_lines();
  healthy.erase(healthy.begin(), healthy.begin() + 2);  // GRUB's lines are written apart
  return healthy;
}

Stage StuckPc::failure_stage() const {
  if (state_ == "initramfs-shell") return Stage::kInitramfs;
  if (root_damaged_ && state_ == "fsck-manual") return Stage::kInitramfs;
  if (root_damaged_ && state_ == "emergency-mode") return Stage::kEmergency;
  return Stage::kLogin;
}

void StuckPc::enter(Stage stage, Console& console) {
  stage_ = stage;
  console.set_cursor_visible(true);
  switch (stage) {
    case Stage::kGrubMenu:
      return menu_.start(console, now_, false);
    case Stage::kGrubRescue:
      prompt_input_.clear();
      return console.write(screens::kGrubRescuePrompt);
    case Stage::kUefiShell:
      prompt_input_.clear();
      return console.write(screens::kUefiShellPrompt);
    case Stage::kEmergency:
      return emergency_.start(console);
    case Stage::kRootShell:
      return bash_.start(console);
    case Stage::kInitramfs:
      return ash_.start(console);
    case Stage::kLogin:
      logged_in_ = false;
      return login_.start(console, false);
    case Stage::kFrozen:
    case Stage::kBooting:
      break;
  }
}

// A reset starts over from GRUB on a cleared screen; otherwise the boot carries on below.
void StuckPc::boot(Console& console, bool from_reset) {
  boot_lines_.clear();
  auto at = kContinueStart;
  if (from_reset) {
    console.clear();
    boot_lines_.push_back({0ms, grub_loading()[0]});
    boot_lines_.push_back({kLineGap * 5, grub_loading()[1]});
    at = kFailureStart;
  } else if (console.cursor().col != 0) {
    console.new_line();
  }
  for (auto& line : failure_lines()) {
    boot_lines_.push_back({at, std::move(line)});
    at += kLineGap;
  }
  after_boot_ = failure_stage();
  boot_started_ = now_;
  shown_ = 0;
  stage_ = Stage::kBooting;
  console.set_cursor_visible(true);
  advance(now_, console);
}

void StuckPc::advance(std::chrono::milliseconds now, Console& console) {
  now_ = now;
  if (stage_ != Stage::kBooting) return;
  const auto elapsed = now - boot_started_;
  while (shown_ < boot_lines_.size() && boot_lines_[shown_].at <= elapsed) {
    console.write(boot_lines_[shown_].text);
    console.new_line();
    ++shown_;
  }
  if (shown_ == boot_lines_.size() && elapsed >= boot_lines_.back().at + kSettle) {
    end_boot(console);
  }
}

void StuckPc::end_boot(Console& console) {
  enter(after_boot_, console);
}

void StuckPc::on_key(const KeyAction& action, Console& console) {
  const bool linux_up = stage_ == Stage::kEmergency || stage_ == Stage::kRootShell ||
                        stage_ == Stage::kInitramfs || stage_ == Stage::kLogin;
  if (action.kind == KeyAction::Kind::kCtrlAltDel) {
    if (linux_up) boot(console, true);
    return;
  }
  switch (stage_) {
    case Stage::kGrubMenu:
      switch (menu_.on_key(action, console)) {
        case PcBootMenu::Choice::kBoot:
          return boot(console, true);
        case PcBootMenu::Choice::kEdit:  // no editor here: the menu stays
          return menu_.start(console, now_, false);
        case PcBootMenu::Choice::kNone:
          return;
      }
      return;
    case Stage::kGrubRescue:
    case Stage::kUefiShell:
      return on_prompt_key(action, console);
    case Stage::kEmergency:
      switch (emergency_.on_key(action, console)) {
        case PcEmergency::Result::kShell:
          return enter(Stage::kRootShell, console);
        case PcEmergency::Result::kReboot:  // Control-D: systemd tries the default target
          return boot(console, false);
        case PcEmergency::Result::kWaiting:
          return;
      }
      return;
    case Stage::kRootShell:
    case Stage::kInitramfs:
      return on_shell_key(action, console);
    case Stage::kLogin:
      if (!login_.on_key(action, console)) return;
      console.write("Linux " + host_ + " " + std::string(screens::kKernelRelease) +
                    " #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64");
      console.new_line();
      console.new_line();
      enter(Stage::kRootShell, console);
      logged_in_ = true;
      return;
    case Stage::kFrozen:
    case Stage::kBooting:
      return;
  }
}

void StuckPc::on_shell_key(const KeyAction& action, Console& console) {
  RecoveryShell& shell = stage_ == Stage::kInitramfs ? ash_ : bash_;
  switch (shell.on_key(action, console, root_damaged_)) {
    case RecoveryShell::Result::kReboot:
      return boot(console, true);
    case RecoveryShell::Result::kExit:
      if (logged_in_) {
        stage_ = Stage::kLogin;
        logged_in_ = false;
        return login_.start(console);
      }
      return boot(console, false);
    case RecoveryShell::Result::kRunning:
      return;
  }
}

// GRUB's rescue reader and the UEFI shell: every command typed is one they do not know.
void StuckPc::on_prompt_key(const KeyAction& action, Console& console) {
  if (!prompt_input_.on_key(action, console)) return;
  const std::string name = first_word(prompt_input_.take());
  const bool grub = stage_ == Stage::kGrubRescue;
  if (!name.empty()) {
    console.write(grub ? screens::grub_unknown_command(name) : screens::uefi_unknown_command(name));
    console.new_line();
  }
  console.write(grub ? screens::kGrubRescuePrompt : screens::kUefiShellPrompt);
}

}  // namespace mks::sim
