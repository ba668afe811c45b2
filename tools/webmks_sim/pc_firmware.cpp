#include "tools/webmks_sim/pc_firmware.h"

#include <array>

#include "tools/webmks_sim/pc_text.h"

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 4> kSplashLines = {
    "CPU: Simulated x86-64 Processor @ 2.00GHz",
    "Memory Test: 2097152K OK",
    "Boot device: SATA Hard Disk (sda, 20.0 GiB)",
    "",
};

constexpr std::array<std::string_view, 6> kSetupLines = {
    "  System Date            [Mon 01/15/2024]",
    "  System Time            [12:00:00]",
    "  Boot Order             1. Hard Disk  2. CD-ROM  3. Network",
    "  Secure Boot            [Disabled]",
    "  Virtualization         [Enabled]",
    "",
};

}  // namespace

void PcFirmware::start(Console& console, std::chrono::milliseconds now) {
  deadline_ = now + kSplashTime;
  in_setup_ = false;
  done_ = false;
  draw_splash(console);
}

void PcFirmware::on_key(const KeyAction& action, Console& console) {
  if (done_) return;
  if (!in_setup_ && action == KeyAction::function(2)) {
    in_setup_ = true;
    draw_setup(console);
  } else if (in_setup_ && action.kind == KeyAction::Kind::kEscape) {
    in_setup_ = false;
    done_ = true;  // leaving setup continues the boot at once
  }
}

void PcFirmware::advance(std::chrono::milliseconds now) {
  if (!in_setup_ && now >= deadline_) done_ = true;
}

void PcFirmware::draw_splash(Console& console) const {
  console.clear();
  console.set_cursor_visible(false);
  pc_text::write_at(console, 0, 1, kTitle);
  console.new_line();
  console.new_line();
  pc_text::write_lines(console, kSplashLines);
  pc_text::write_at(console, 0, console.rows() - 1, kSetupHint);
}

void PcFirmware::draw_setup(Console& console) const {
  console.clear();
  console.set_cursor_visible(false);
  console.set_inverse(true);
  console.write(std::string(static_cast<std::size_t>(console.cols()), ' '));
  pc_text::center(console, 0, kSetupTitle);
  console.set_inverse(false);
  console.move_to(0, 2);
  console.write(" Main");
  console.new_line();
  console.new_line();
  pc_text::write_lines(console, kSetupLines);
  pc_text::write_at(console, 1, console.rows() - 2, "Esc: Exit Setup and continue booting");
}

}  // namespace mks::sim
