#include "tools/webmks_sim/pc_boot_menu.h"

#include <array>

#include "tools/webmks_sim/pc_text.h"

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 3> kHelp = {
    "     Use the ^ and v keys to select which entry is highlighted.",
    "     Press enter to boot the selected OS, `e' to edit the commands",
    "     before booting or `c' for a command-line.",
};
constexpr int kHelpRow = 17;
constexpr int kCountdownRow = 21;

std::string repeat(std::string_view piece, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += piece;
  return out;
}

}  // namespace

std::vector<BootEntry> default_boot_entries() {
  const std::string kernel = "linux   /boot/vmlinuz-6.1.0-sim root=/dev/sda1 ro";
  return {
      {"Debian GNU/Linux",
       {"load_video", "insmod gzio", kernel + " quiet", "initrd  /boot/initrd.img-6.1.0-sim"}},
      {"Advanced options for Debian GNU/Linux",
       {"load_video", "insmod gzio", kernel + " single", "initrd  /boot/initrd.img-6.1.0-sim"}},
      {"Memory test (memtest86+x64.bin)", {"insmod bsd", "linux16 /boot/memtest86+x64.bin"}},
  };
}

namespace grub_box {
void draw(Console& console, std::string_view title) {
  pc_text::center(console, 0, title);
  const std::string bar = repeat("─", kInnerWidth);
  pc_text::write_at(console, kLeft, kTop, "┌" + bar + "┐");
  for (int row = kTop + 1; row < kBottom; ++row) {
    pc_text::write_at(console, kLeft, row, "│");
    pc_text::write_at(console, kRight, row, "│");
  }
  pc_text::write_at(console, kLeft, kBottom, "└" + bar + "┘");
}
}  // namespace grub_box

void PcBootMenu::start(Console& console, std::chrono::milliseconds now, bool countdown) {
  counting_ = countdown;
  started_ = now;
  seconds_left_ = static_cast<int>(kTimeout.count() / 1000);
  draw(console);
}

PcBootMenu::Choice PcBootMenu::on_key(const KeyAction& action, Console& console) {
  counting_ = false;  // any key stops the countdown, as in GRUB
  const int last = static_cast<int>(entries_.size()) - 1;
  switch (action.kind) {
    case KeyAction::Kind::kUp:
      selected_ = selected_ > 0 ? selected_ - 1 : 0;
      break;
    case KeyAction::Kind::kDown:
      selected_ = selected_ < last ? selected_ + 1 : last;
      break;
    case KeyAction::Kind::kHome:
    case KeyAction::Kind::kPageUp:
      selected_ = 0;
      break;
    case KeyAction::Kind::kEnd:
    case KeyAction::Kind::kPageDown:
      selected_ = last;
      break;
    case KeyAction::Kind::kEnter:
      return Choice::kBoot;
    case KeyAction::Kind::kChar:
      if (action.c == U'e') return Choice::kEdit;
      break;
    default:
      break;
  }
  draw(console);
  return Choice::kNone;
}

PcBootMenu::Choice PcBootMenu::advance(std::chrono::milliseconds now, Console& console) {
  if (!counting_) return Choice::kNone;
  const auto elapsed = now - started_;
  if (elapsed >= kTimeout) return Choice::kBoot;
  const int left = static_cast<int>((kTimeout - elapsed).count() + 999) / 1000;
  if (left != seconds_left_) {
    seconds_left_ = left;
    draw_countdown(console);
  }
  return Choice::kNone;
}

void PcBootMenu::draw(Console& console) const {
  console.clear();
  console.set_cursor_visible(false);
  grub_box::draw(console, kTitle);
  draw_entries(console);
  console.move_to(0, kHelpRow);
  pc_text::write_lines(console, kHelp);
  draw_countdown(console);
}

void PcBootMenu::draw_entries(Console& console) const {
  for (int i = 0; i < static_cast<int>(entries_.size()); ++i) {
    const bool highlighted = i == selected_;
    std::string text = (highlighted ? "*" : " ") + entries_[i].title;
    text.resize(grub_box::kInnerWidth, ' ');
    console.set_inverse(highlighted);
    pc_text::write_at(console, grub_box::kLeft + 1, grub_box::kTop + 1 + i, text);
    console.set_inverse(false);
  }
}

void PcBootMenu::draw_countdown(Console& console) const {
  pc_text::write_at(console, 0, kCountdownRow, std::string(console.cols() - 1, ' '));
  if (!counting_) return;
  pc_text::write_at(console, 0, kCountdownRow,
                    "   The highlighted entry will be executed automatically in " +
                        std::to_string(seconds_left_) + "s.");
}

}  // namespace mks::sim
