#pragma once

#include <string>
#include <string_view>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/console_program.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// The program the simulated machine runs on its console: a banner, then a shell-like
// prompt that echoes what is typed. Commands are not run (yet); Enter just gives a new
// prompt.
class Shell : public ConsoleProgram {
 public:
  static constexpr std::string_view kPrompt = "sim$ ";
  static constexpr std::string_view kCtrlAltDelNotice = "*** Ctrl+Alt+Del ***";

  void start(Console& console) override;
  void on_key(const KeyAction& action, Console& console) override;
  const std::u32string& input_line() const { return line_; }

 private:
  void prompt(Console& console);

  std::u32string line_;  // typed since the last prompt; Backspace stops at the prompt
};

}  // namespace mks::sim
