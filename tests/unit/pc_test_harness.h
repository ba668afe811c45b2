#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/pc_machine.h"

namespace mks::sim::testing {

// Drives a PcMachine on a bare Console: keys as KeyActions, time by hand in 20 ms ticks.
struct PcHarness {
  Console console;
  PcMachine pc;
  std::chrono::milliseconds now{0};

  explicit PcHarness(PcOptions options = {}) : pc(std::move(options)) { pc.start(console); }

  void wait(std::chrono::milliseconds duration) {
    const auto until = now + duration;
    while (now < until) {
      now += std::chrono::milliseconds(20);
      pc.advance(now, console);
    }
  }
  void key(KeyAction action) { pc.on_key(action, console); }
  void key(KeyAction::Kind kind) { key(KeyAction::of(kind)); }
  void type(std::string_view ascii) {
    for (char c : ascii) key(KeyAction::character(static_cast<char32_t>(c)));
  }
  void line(std::string_view ascii) {
    type(ascii);
    key(KeyAction::Kind::kEnter);
  }
  std::string screen() const {
    std::string all;
    for (const auto& row : console.lines()) all += row + "\n";
    return all;
  }
  bool shows(std::string_view text) const { return screen().find(text) != std::string::npos; }
  // The grid read as one string, so text the console wrapped at the right edge is found.
  bool shows_wrapped(std::string_view text) const {
    std::string all;
    for (int row = 0; row < console.rows(); ++row) {
      std::string line = console.line(row);
      line.append(static_cast<std::size_t>(console.cols()) -
                      std::min<std::size_t>(line.size(), static_cast<std::size_t>(console.cols())),
                  ' ');
      all += line;
    }
    return all.find(text) != std::string::npos;
  }
  std::string last_line() const {
    for (int row = console.rows() - 1; row >= 0; --row) {
      if (!console.line(row).empty()) return console.line(row);
    }
    return {};
  }
};

}  // namespace mks::sim::testing
