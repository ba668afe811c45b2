#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mks::sim {

struct CursorPos {
  int col = 0;
  int row = 0;
  bool operator==(const CursorPos&) const = default;
};

// The text grid of the simulated machine: what a VGA text console holds, without pixels.
// Writing past the last column wraps; a new line past the last row scrolls up by one.
class Console {
 public:
  static constexpr int kDefaultCols = 80;
  static constexpr int kDefaultRows = 25;

  explicit Console(int cols = kDefaultCols, int rows = kDefaultRows);

  int cols() const { return cols_; }
  int rows() const { return rows_; }
  char32_t at(int col, int row) const { return cells_[index(col, row)]; }
  // Inverse video (background and foreground swapped), as GRUB highlights its menu entry.
  bool inverse_at(int col, int row) const { return inverse_cells_[index(col, row)] != 0; }
  CursorPos cursor() const { return cursor_; }
  // Clamped to the grid; the next put() writes there.
  void move_to(int col, int row);
  // Cells written from now on get this attribute; clear() and scrolling blank as normal.
  void set_inverse(bool inverse) { inverse_ = inverse; }
  bool cursor_visible() const { return cursor_visible_; }
  void set_cursor_visible(bool visible) { cursor_visible_ = visible; }

  // Control characters: '\n' new line, '\r' column 0, '\b' back one cell (no erase),
  // '\t' to the next multiple of 8. Others are stored as they are.
  void put(char32_t c);
  void write(std::string_view utf8);
  void new_line();
  // Moves back one cell (to the end of the previous row at column 0) and blanks it.
  void erase_back();
  void clear();

  // Row text as UTF-8 without trailing blanks.
  std::string line(int row) const;
  std::vector<std::string> lines() const;

 private:
  std::size_t index(int col, int row) const { return static_cast<std::size_t>(row) * cols_ + col; }
  void scroll_up();

  int cols_;
  int rows_;
  std::vector<char32_t> cells_;
  std::vector<std::uint8_t> inverse_cells_;  // 1: inverse video
  CursorPos cursor_;
  bool inverse_ = false;
  bool cursor_visible_ = true;
};

}  // namespace mks::sim
