#include "tools/webmks_sim/pc_menu_editor.h"

#include <algorithm>
#include <array>

#include "agent/input/utf8.h"
#include "tools/webmks_sim/pc_text.h"

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 4> kHelp = {
    "      Minimum Emacs-like screen editing is supported. TAB lists",
    "      completions. Press Ctrl-x or F10 to boot, Ctrl-c or F2 for",
    "      a command-line or ESC to discard edits and return to the GRUB",
    "      menu.",
};
constexpr int kHelpRow = grub_box::kBottom + 2;
constexpr int kTextCol = grub_box::kLeft + 1;
constexpr int kTextWidth = grub_box::kInnerWidth;
constexpr int kFirstTextRow = grub_box::kTop + 1;

// Screen rows a line of `length` characters takes (the cursor may sit after the last one).
int rows_for(std::size_t length) {
  return static_cast<int>(length / kTextWidth) + 1;
}

}  // namespace

void PcMenuEditor::start(const BootEntry& entry, Console& console) {
  title_ = entry.title;
  // As GRUB 2 shows an entry: its setparams line and a blank one are editable text too, so
  // the cursor starts on setparams and the kernel line is the fifth.
  lines_ = {input::utf8::decode("setparams '" + entry.title + "'"), U""};
  for (const auto& line : entry.lines) lines_.push_back(input::utf8::decode(line));
  row_ = 0;
  col_ = 0;
  draw(console);
}

PcMenuEditor::Result PcMenuEditor::on_key(const KeyAction& action, Console& console) {
  if (action.kind == KeyAction::Kind::kEscape) return Result::kDiscard;
  if (action == KeyAction::ctrl(U'x') || action == KeyAction::function(10)) return Result::kBoot;
  edit(action);
  draw(console);
  return Result::kEditing;
}

std::vector<std::string> PcMenuEditor::lines() const {
  std::vector<std::string> out;
  for (const auto& line : lines_) out.push_back(input::utf8::encode(line));
  return out;
}

void PcMenuEditor::edit(const KeyAction& action) {
  const int length = static_cast<int>(lines_[row_].size());
  const int last_row = static_cast<int>(lines_.size()) - 1;
  using Kind = KeyAction::Kind;
  switch (action.kind) {
    case Kind::kLeft:
      if (col_ > 0) {
        --col_;
      } else if (row_ > 0) {
        --row_;
        col_ = static_cast<int>(lines_[row_].size());
      }
      break;
    case Kind::kRight:
      if (col_ < length) {
        ++col_;
      } else if (row_ < last_row) {
        ++row_;
        col_ = 0;
      }
      break;
    case Kind::kUp:
      row_ = std::max(0, row_ - 1);
      col_ = std::min(col_, static_cast<int>(lines_[row_].size()));
      break;
    case Kind::kDown:
      row_ = std::min(last_row, row_ + 1);
      col_ = std::min(col_, static_cast<int>(lines_[row_].size()));
      break;
    case Kind::kHome:
      col_ = 0;
      break;
    case Kind::kEnd:
      col_ = length;
      break;
    case Kind::kCtrl:
      if (action.c == U'a') col_ = 0;
      if (action.c == U'e') col_ = length;
      break;
    case Kind::kChar:
      insert(action.c);
      break;
    case Kind::kBackspace:
      erase_back();
      break;
    case Kind::kDelete:
      erase_forward();
      break;
    case Kind::kEnter: {
      std::u32string rest = lines_[row_].substr(static_cast<std::size_t>(col_));
      lines_[row_].erase(static_cast<std::size_t>(col_));
      lines_.insert(lines_.begin() + row_ + 1, std::move(rest));
      ++row_;
      col_ = 0;
      break;
    }
    default:
      break;
  }
}

void PcMenuEditor::insert(char32_t c) {
  if (c == U'\t') return;  // completion is not simulated
  lines_[row_].insert(lines_[row_].begin() + col_, c);
  ++col_;
}

void PcMenuEditor::erase_back() {
  if (col_ > 0) {
    lines_[row_].erase(static_cast<std::size_t>(col_ - 1), 1);
    --col_;
  } else if (row_ > 0) {
    col_ = static_cast<int>(lines_[row_ - 1].size());
    lines_[row_ - 1] += lines_[row_];
    lines_.erase(lines_.begin() + row_);
    --row_;
  }
}

void PcMenuEditor::erase_forward() {
  if (col_ < static_cast<int>(lines_[row_].size())) {
    lines_[row_].erase(static_cast<std::size_t>(col_), 1);
  } else if (row_ + 1 < static_cast<int>(lines_.size())) {
    lines_[row_] += lines_[row_ + 1];
    lines_.erase(lines_.begin() + row_ + 1);
  }
}

void PcMenuEditor::draw(Console& console) const {
  console.clear();
  grub_box::draw(console, PcBootMenu::kTitle);
  int screen_row = kFirstTextRow;
  CursorPos cursor{kTextCol, screen_row};
  for (int i = 0; i < static_cast<int>(lines_.size()); ++i) {
    const std::u32string& line = lines_[i];
    if (i == row_) cursor = {kTextCol + col_ % kTextWidth, screen_row + col_ / kTextWidth};
    for (int part = 0; part < rows_for(line.size()); ++part) {
      if (screen_row >= grub_box::kBottom) break;
      console.move_to(kTextCol, screen_row++);
      const auto begin = static_cast<std::size_t>(part) * kTextWidth;
      for (char32_t c : line.substr(begin, kTextWidth)) console.put(c);
    }
  }
  console.move_to(0, kHelpRow);
  pc_text::write_lines(console, kHelp);
  console.move_to(cursor.col, std::min(cursor.row, grub_box::kBottom - 1));
  console.set_cursor_visible(true);
}

}  // namespace mks::sim
