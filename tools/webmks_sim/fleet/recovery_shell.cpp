#include "tools/webmks_sim/fleet/recovery_shell.h"

#include <sstream>

#include "tools/webmks_sim/screens/linux_screens.h"

namespace mks::sim {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool is_fsck(const std::string& name) {
  return name == "fsck" || name == "fsck.ext4" || name == "e2fsck" || name == "/sbin/fsck";
}

// -p and -a ask e2fsck to repair only what is safe without a person: it refuses here.
bool preen_only(const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a.starts_with('-') && !a.starts_with("--") &&
        (a.find('p') != std::string::npos || a.find('a') != std::string::npos) &&
        a.find('y') == std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string device_of(const std::vector<std::string>& args) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (!args[i].starts_with('-')) return args[i];
  }
  return {};
}

}  // namespace

RecoveryShell::RecoveryShell(Flavour flavour, std::string host)
    : flavour_(flavour), host_(std::move(host)) {}

std::string RecoveryShell::prompt() const {
  if (flavour_ == Flavour::kAsh) return std::string(screens::kInitramfsPrompt);
  return "root@" + host_ + ":~# ";
}

void RecoveryShell::start(Console& console) {
  input_.clear();
  console.set_cursor_visible(true);
  console.write(prompt());
}

RecoveryShell::Result RecoveryShell::on_key(const KeyAction& action, Console& console,
                                            bool& root_damaged) {
  if (action == KeyAction::ctrl(U'c')) {
    console.write("^C");
    console.new_line();
    input_.clear();
    console.write(prompt());
    return Result::kRunning;
  }
  if (action == KeyAction::ctrl(U'd') && input_.empty()) {
    console.new_line();
    return Result::kExit;
  }
  if (!input_.on_key(action, console)) return Result::kRunning;
  const Result result = run(split(input_.take()), console, root_damaged);
  if (result == Result::kRunning) console.write(prompt());
  return result;
}

RecoveryShell::Result RecoveryShell::run(const std::vector<std::string>& args, Console& console,
                                         bool& root_damaged) {
  if (args.empty()) return Result::kRunning;
  const std::string& name = args[0];
  if (name == "exit" || name == "logout") return Result::kExit;
  if (name == "reboot" || (name == "systemctl" && args.size() > 1 && args[1] == "reboot")) {
    return Result::kReboot;
  }
  if (is_fsck(name)) {
    fsck(args, console, root_damaged);
  } else if (name == "hostname") {
    print(console, flavour_ == Flavour::kAsh ? "(none)" : host_);
  } else if (name == "uname") {
    print(console, "Linux");
  } else if (name == "echo") {
    std::string text;
    for (std::size_t i = 1; i < args.size(); ++i) text += (i > 1 ? " " : "") + args[i];
    print(console, text);
  } else if (name == "cat" && args.size() > 1 && args[1] == "/proc/cmdline") {
    print(console, "BOOT_IMAGE=/boot/vmlinuz-" + std::string(screens::kKernelRelease) +
                       " root=/dev/sda1 ro quiet");
  } else if (name == "clear") {
    console.clear();
  } else if (flavour_ == Flavour::kAsh) {
    print(console, "sh: " + name + ": not found");  // BusyBox ash
  } else {
    print(console, "-bash: " + name + ": command not found");
  }
  return Result::kRunning;
}

void RecoveryShell::fsck(const std::vector<std::string>& args, Console& console,
                         bool& root_damaged) {
  const std::string device = device_of(args);
  if (device != screens::kRootDevice) {
    print(console, "fsck from util-linux 2.38.1");
    print(console, "fsck.ext4: No such file or directory while trying to open " + device);
    return;
  }
  if (root_damaged && preen_only(args)) {
    print(console, "fsck from util-linux 2.38.1");
    print(console, "/dev/sda1: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.");
    print(console, "\t(i.e., without -a or -p options)");
    return;
  }
  const auto report = root_damaged ? screens::fsck_repair_lines() : screens::fsck_clean_lines();
  for (const auto& line : report) print(console, line);
  root_damaged = false;
}

void RecoveryShell::print(Console& console, std::string_view text) const {
  console.write(text);
  console.new_line();
}

}  // namespace mks::sim
