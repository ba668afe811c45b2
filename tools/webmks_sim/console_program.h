#pragma once

#include <chrono>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// What runs on the simulated machine's console: it gets keys and simulated time and writes
// to the Console. Time is milliseconds since the machine was switched on, never the wall
// clock, so the same keys at the same times give the same screen.
class ConsoleProgram {
 public:
  virtual ~ConsoleProgram() = default;
  virtual void start(Console& console) = 0;
  virtual void on_key(const KeyAction& action, Console& console) = 0;
  // Called with a time that never goes back; programs without timed behaviour ignore it.
  virtual void advance(std::chrono::milliseconds /*now*/, Console& /*console*/) {}
};

}  // namespace mks::sim
