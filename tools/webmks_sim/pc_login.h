#pragma once

#include <string>
#include <string_view>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"
#include "tools/webmks_sim/pc_line_input.h"

namespace mks::sim {

// getty and login on tty1: user root with the configured password; the password is not
// echoed; a wrong user or password gives "Login incorrect" and the prompt again.
class PcLogin {
 public:
  static constexpr std::string_view kIssue = "Debian GNU/Linux 12 sim tty1";
  static constexpr std::string_view kLoginPrompt = "sim login: ";
  static constexpr std::string_view kPasswordPrompt = "Password: ";
  static constexpr std::string_view kIncorrect = "Login incorrect";

  // `host`: the host name in the issue and the prompt (kIssue and kLoginPrompt are "sim"'s).
  explicit PcLogin(std::string password, std::string host = "sim")
      : password_(std::move(password)),
        issue_("Debian GNU/Linux 12 " + host + " tty1"),
        prompt_(host + " login: ") {}

  // `clear_screen`: false keeps what is on screen above the issue (getty --noclear).
  void start(Console& console, bool clear_screen = true);
  // True once root has logged in.
  bool on_key(const KeyAction& action, Console& console);

 private:
  std::string password_;
  std::string issue_;
  std::string prompt_;
  std::string user_;
  bool asking_password_ = false;
  PcLineInput user_input_{true};
  PcLineInput password_input_{false};
};

// systemd's emergency mode prompt (sulogin): root's password opens a maintenance shell,
// Control-D asks to continue the boot, which here reboots.
class PcEmergency {
 public:
  enum class Result { kWaiting, kShell, kReboot };
  static constexpr std::string_view kPrompt =
      "Give root password for maintenance\n(or press Control-D to continue): ";

  explicit PcEmergency(std::string password) : password_(std::move(password)) {}

  void start(Console& console);
  Result on_key(const KeyAction& action, Console& console);

 private:
  std::string password_;
  PcLineInput input_{false};
};

}  // namespace mks::sim
