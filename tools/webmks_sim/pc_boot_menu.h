#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// One boot menu entry: its title and the script GRUB runs for it.
struct BootEntry {
  std::string title;
  std::vector<std::string> lines;
};

// The entries of the simulated Debian install.
std::vector<BootEntry> default_boot_entries();

// A GRUB-like menu: entries in a box, the highlighted one in inverse video, a countdown
// that boots the highlighted entry after kTimeout unless a key is pressed first.
class PcBootMenu {
 public:
  static constexpr std::chrono::milliseconds kTimeout{5000};
  static constexpr std::string_view kTitle = "GNU GRUB  version 2.06-13+deb12u1";

  enum class Choice { kNone, kBoot, kEdit };

  explicit PcBootMenu(std::vector<BootEntry> entries) : entries_(std::move(entries)) {}

  // `countdown`: false when coming back from the editor (GRUB stops it for good).
  void start(Console& console, std::chrono::milliseconds now, bool countdown = true);
  Choice on_key(const KeyAction& action, Console& console);
  Choice advance(std::chrono::milliseconds now, Console& console);

  int selected() const { return selected_; }
  const BootEntry& selected_entry() const { return entries_.at(selected_); }
  bool counting_down() const { return counting_; }

 private:
  void draw(Console& console) const;
  void draw_entries(Console& console) const;
  void draw_countdown(Console& console) const;

  std::vector<BootEntry> entries_;
  int selected_ = 0;
  bool counting_ = false;
  std::chrono::milliseconds started_{0};
  int seconds_left_ = 0;
};

// The box both the menu and the editor draw: rows kBoxTop..kBoxBottom, columns 1..78.
namespace grub_box {
constexpr int kTop = 2;
constexpr int kBottom = 15;
constexpr int kLeft = 1;
constexpr int kRight = 78;
constexpr int kInnerWidth = kRight - kLeft - 1;
void draw(Console& console, std::string_view title);
}  // namespace grub_box

}  // namespace mks::sim
