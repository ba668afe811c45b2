#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/key_action.h"
#include "tools/webmks_sim/pc_boot_menu.h"

namespace mks::sim {

// GRUB's entry editor: the entry's script in the box, a text cursor, Emacs-like editing.
// Arrows, Home/End (Ctrl+A/E) move; typing inserts; Backspace/Delete erase (joining lines
// at the edges); Enter splits a line; Ctrl+X or F10 boots the edited script; Esc discards.
class PcMenuEditor {
 public:
  enum class Result { kEditing, kBoot, kDiscard };

  void start(const BootEntry& entry, Console& console);
  Result on_key(const KeyAction& action, Console& console);

  // The script as edited so far, one string per line.
  std::vector<std::string> lines() const;
  int row() const { return row_; }
  int col() const { return col_; }

 private:
  void edit(const KeyAction& action);
  void insert(char32_t c);
  void erase_back();
  void erase_forward();
  void draw(Console& console) const;

  std::string title_;
  std::vector<std::u32string> lines_;
  int row_ = 0;
  int col_ = 0;
};

}  // namespace mks::sim
