#pragma once

#include <chrono>
#include <string_view>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// The PC's firmware: a splash screen for kSplashTime of simulated time, during which F2
// opens a setup screen; Esc leaves setup and the boot goes on.
class PcFirmware {
 public:
  static constexpr std::chrono::milliseconds kSplashTime{1500};
  static constexpr std::string_view kTitle = "SimBIOS 1.0 - mks-sim virtual platform";
  static constexpr std::string_view kSetupHint = "Press F2 to enter Setup";
  static constexpr std::string_view kSetupTitle = "SimBIOS Setup Utility";

  void start(Console& console, std::chrono::milliseconds now);
  void on_key(const KeyAction& action, Console& console);
  void advance(std::chrono::milliseconds now);
  // True once the firmware hands over to the boot loader.
  bool done() const { return done_; }
  bool in_setup() const { return in_setup_; }

 private:
  void draw_splash(Console& console) const;
  void draw_setup(Console& console) const;

  std::chrono::milliseconds deadline_{0};
  bool in_setup_ = false;
  bool done_ = false;
};

}  // namespace mks::sim
