#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"
#include "tools/webmks_sim/pc_line_input.h"

namespace mks::sim {

// root's shell on the simulated PC: a handful of deterministic commands (help, echo,
// uname, cat /proc/cmdline, hostname, ls, date, clear, systemctl status, exit/logout,
// reboot). Ctrl+C abandons the line, Ctrl+D on an empty line logs out.
class PcShell {
 public:
  enum class Result { kRunning, kLogout, kReboot };
  static constexpr std::string_view kPrompt = "root@sim:~# ";
  static constexpr std::string_view kDate = "Mon Jan 15 12:00:00 UTC 2024";
  static constexpr std::string_view kUname =
      "Linux sim 6.1.0-sim #1 SMP PREEMPT_DYNAMIC Debian 6.1.0-sim (2024-01-15) x86_64 "
      "GNU/Linux";

  // `cmdline`: /proc/cmdline; `degraded`: what systemctl status reports.
  void start(Console& console, std::string cmdline, bool degraded);
  Result on_key(const KeyAction& action, Console& console);

 private:
  Result run(const std::string& line, Console& console);
  void print(Console& console, std::string_view text) const;
  void prompt(Console& console) const;

  std::string cmdline_;
  bool degraded_ = false;
  PcLineInput input_{true};
};

}  // namespace mks::sim
