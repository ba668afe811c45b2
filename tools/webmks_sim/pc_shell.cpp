#include "tools/webmks_sim/pc_shell.h"

#include <sstream>

namespace mks::sim {
namespace {

constexpr std::string_view kHelp =
    "Commands: help echo uname cat hostname ls date clear systemctl exit logout reboot";
constexpr std::string_view kNotes = "Simulated machine for mksagent runbooks.";

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

std::string join(const std::vector<std::string>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i) out += (i > from ? " " : "") + words[i];
  return out;
}

std::string uname(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] == "-s") return "Linux";
  if (args[1] == "-a") return std::string(PcShell::kUname);
  if (args[1] == "-r") return "6.1.0-sim";
  if (args[1] == "-n") return "sim";
  if (args[1] == "-m") return "x86_64";
  return "uname: invalid option -- '" + args[1] + "'";
}

}  // namespace

void PcShell::start(Console& console, std::string cmdline, bool degraded) {
  cmdline_ = std::move(cmdline);
  degraded_ = degraded;
  input_.clear();
  console.set_cursor_visible(true);
  prompt(console);
}

PcShell::Result PcShell::on_key(const KeyAction& action, Console& console) {
  if (action == KeyAction::ctrl(U'c')) {
    console.write("^C");
    console.new_line();
    input_.clear();
    prompt(console);
    return Result::kRunning;
  }
  if (action == KeyAction::ctrl(U'd') && input_.empty()) {
    console.write("logout");
    console.new_line();
    return Result::kLogout;
  }
  if (action == KeyAction::ctrl(U'l')) {
    console.clear();
    prompt(console);
    return Result::kRunning;
  }
  if (!input_.on_key(action, console)) return Result::kRunning;
  const Result result = run(input_.take(), console);
  if (result == Result::kRunning) prompt(console);
  return result;
}

PcShell::Result PcShell::run(const std::string& line, Console& console) {
  const auto args = split(line);
  if (args.empty()) return Result::kRunning;
  const std::string& name = args[0];
  if (name == "exit" || name == "logout") return Result::kLogout;
  if (name == "reboot" || (name == "systemctl" && args.size() > 1 && args[1] == "reboot")) {
    return Result::kReboot;
  }
  if (name == "help") {
    print(console, kHelp);
  } else if (name == "echo") {
    print(console, join(args, 1));
  } else if (name == "uname") {
    print(console, uname(args));
  } else if (name == "hostname") {
    print(console, "sim");
  } else if (name == "ls") {
    print(console, "notes.txt");
  } else if (name == "date") {
    print(console, kDate);
  } else if (name == "clear") {
    console.clear();
  } else if (name == "cat") {
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "/proc/cmdline") {
        print(console, cmdline_);
      } else if (args[i] == "notes.txt") {
        print(console, kNotes);
      } else {
        print(console, "cat: " + args[i] + ": No such file or directory");
      }
    }
  } else if (name == "systemctl") {
    print(console, degraded_ ? "State: degraded" : "State: running");
  } else {
    print(console, "-sh: " + name + ": command not found");
  }
  return Result::kRunning;
}

void PcShell::print(Console& console, std::string_view text) const {
  console.write(text);
  console.new_line();
}

void PcShell::prompt(Console& console) const {
  console.write(kPrompt);
}

}  // namespace mks::sim
