#pragma once

#include <string>

#include "agent/input/utf8.h"
#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// A tty line in canonical mode: characters (echoed or not), Backspace, Enter ends the line.
class PcLineInput {
 public:
  explicit PcLineInput(bool echo = true) : echo_(echo) {}

  // True when Enter completed the line (then take() returns it).
  bool on_key(const KeyAction& action, Console& console) {
    if (action.kind == KeyAction::Kind::kEnter) {
      console.new_line();
      return true;
    }
    if (action.kind == KeyAction::Kind::kChar) {
      line_ += action.c;
      if (echo_) console.put(action.c);
    } else if (action.kind == KeyAction::Kind::kBackspace && !line_.empty()) {
      line_.pop_back();
      if (echo_) console.erase_back();
    }
    return false;
  }
  bool empty() const { return line_.empty(); }
  void clear() { line_.clear(); }
  std::string take() {
    std::string line = input::utf8::encode(line_);
    line_.clear();
    return line;
  }

 private:
  bool echo_;
  std::u32string line_;
};

}  // namespace mks::sim
