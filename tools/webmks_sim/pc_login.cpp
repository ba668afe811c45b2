#include "tools/webmks_sim/pc_login.h"

#include <array>

#include "tools/webmks_sim/pc_text.h"

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 3> kEmergencyBanner = {
    "You are in emergency mode. After logging in, type \"journalctl -xb\" to view",
    "system logs, \"systemctl reboot\" to reboot, \"systemctl default\" or \"exit\"",
    "to boot into default mode.",
};

void login_failed(Console& console) {
  console.new_line();
  console.write(PcLogin::kIncorrect);
  console.new_line();
}

}  // namespace

void PcLogin::start(Console& console, bool clear_screen) {
  if (clear_screen) console.clear();
  console.set_cursor_visible(true);
  if (console.cursor().col != 0) console.new_line();
  console.write(issue_);
  console.new_line();
  console.new_line();
  console.write(prompt_);
  asking_password_ = false;
  user_input_.clear();
  password_input_.clear();
}

bool PcLogin::on_key(const KeyAction& action, Console& console) {
  if (!asking_password_) {
    if (!user_input_.on_key(action, console)) return false;
    user_ = user_input_.take();
    if (user_.empty()) {
      console.write(prompt_);
      return false;
    }
    asking_password_ = true;
    console.write(kPasswordPrompt);
    return false;
  }
  if (!password_input_.on_key(action, console)) return false;
  asking_password_ = false;
  if (user_ == "root" && password_input_.take() == password_) return true;
  login_failed(console);
  console.write(prompt_);
  return false;
}

void PcEmergency::start(Console& console) {
  console.set_cursor_visible(true);
  if (console.cursor().col != 0) console.new_line();
  pc_text::write_lines(console, kEmergencyBanner);
  console.write(kPrompt);
  input_.clear();
}

PcEmergency::Result PcEmergency::on_key(const KeyAction& action, Console& console) {
  if (action == KeyAction::ctrl(U'd') && input_.empty()) {
    console.new_line();
    return Result::kReboot;
  }
  if (!input_.on_key(action, console)) return Result::kWaiting;
  if (input_.take() == password_) return Result::kShell;
  login_failed(console);
  console.write(kPrompt);
  return Result::kWaiting;
}

}  // namespace mks::sim
