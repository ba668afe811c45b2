#include "tools/webmks_sim/shell.h"

#include <array>

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 4> kBanner = {
    "┌──────────────────────────────────────────┐",
    "│ mks-sim: simulated console over WebMKS   │",
    "└──────────────────────────────────────────┘",
    "",
};

}  // namespace

void Shell::start(Console& console) {
  console.clear();
  for (const auto line : kBanner) {
    console.write(line);
    console.new_line();
  }
  prompt(console);
}

void Shell::on_key(const KeyAction& action, Console& console) {
  switch (action.kind) {
    case KeyAction::Kind::kChar:
      line_ += action.c;
      console.put(action.c);
      break;
    case KeyAction::Kind::kBackspace:
      if (line_.empty()) break;
      line_.pop_back();
      console.erase_back();
      break;
    case KeyAction::Kind::kEnter:
      console.new_line();
      prompt(console);
      break;
    case KeyAction::Kind::kCtrlAltDel:
      if (console.cursor().col != 0) console.new_line();
      console.write(kCtrlAltDelNotice);
      console.new_line();
      prompt(console);
      break;
    default:  // other keys mean nothing to an echo prompt
      break;
  }
}

void Shell::prompt(Console& console) {
  line_.clear();
  console.write(kPrompt);
}

}  // namespace mks::sim
