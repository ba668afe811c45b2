#pragma once

#include <string_view>

#include "tools/webmks_sim/console.h"

// Small drawing helpers shared by the simulated PC's programs.
namespace mks::sim::pc_text {

// Writes `text` (UTF-8) from (col, row); the cursor ends after it.
inline void write_at(Console& console, int col, int row, std::string_view text) {
  console.move_to(col, row);
  console.write(text);
}

// Writes `text` (ASCII) centred on `row`.
inline void center(Console& console, int row, std::string_view text) {
  const int col = (console.cols() - static_cast<int>(text.size())) / 2;
  write_at(console, col < 0 ? 0 : col, row, text);
}

// Writes each line and a new line after it.
template <typename Lines>
void write_lines(Console& console, const Lines& lines) {
  for (std::string_view line : lines) {
    console.write(line);
    console.new_line();
  }
}

}  // namespace mks::sim::pc_text
