#include "tools/webmks_sim/console.h"

#include <algorithm>
#include <stdexcept>

#include "agent/input/utf8.h"

namespace mks::sim {
namespace {

constexpr char32_t kBlank = U' ';
constexpr int kTabStop = 8;

}  // namespace

Console::Console(int cols, int rows) : cols_(cols), rows_(rows) {
  if (cols <= 0 || rows <= 0) throw std::invalid_argument("console size must be positive");
  cells_.assign(static_cast<std::size_t>(cols) * rows, kBlank);
  inverse_cells_.assign(cells_.size(), 0);
}

void Console::move_to(int col, int row) {
  cursor_ = {std::clamp(col, 0, cols_), std::clamp(row, 0, rows_ - 1)};
}

void Console::put(char32_t c) {
  switch (c) {
    case U'\n':
      new_line();
      return;
    case U'\r':
      cursor_.col = 0;
      return;
    case U'\b':
      cursor_.col = std::max(0, cursor_.col - 1);
      return;
    case U'\t':
      do put(kBlank);
      while (cursor_.col % kTabStop != 0);
      return;
    default:
      break;
  }
  if (cursor_.col >= cols_) new_line();
  cells_[index(cursor_.col, cursor_.row)] = c;
  inverse_cells_[index(cursor_.col, cursor_.row)] = inverse_ ? 1 : 0;
  ++cursor_.col;
}

void Console::write(std::string_view utf8) {
  for (char32_t c : input::utf8::decode(utf8)) put(c);
}

void Console::new_line() {
  cursor_.col = 0;
  if (cursor_.row + 1 < rows_) {
    ++cursor_.row;
  } else {
    scroll_up();
  }
}

void Console::erase_back() {
  if (cursor_.col > 0) {
    --cursor_.col;
  } else if (cursor_.row > 0) {
    --cursor_.row;
    cursor_.col = cols_ - 1;
  } else {
    return;
  }
  cells_[index(cursor_.col, cursor_.row)] = kBlank;
  inverse_cells_[index(cursor_.col, cursor_.row)] = 0;
}

void Console::clear() {
  std::fill(cells_.begin(), cells_.end(), kBlank);
  std::fill(inverse_cells_.begin(), inverse_cells_.end(), 0);
  cursor_ = {};
}

std::string Console::line(int row) const {
  const auto begin = cells_.begin() + static_cast<std::ptrdiff_t>(index(0, row));
  std::u32string text(begin, begin + cols_);
  text.erase(text.find_last_not_of(kBlank) + 1);
  return input::utf8::encode(text);
}

std::vector<std::string> Console::lines() const {
  std::vector<std::string> all;
  for (int row = 0; row < rows_; ++row) all.push_back(line(row));
  return all;
}

void Console::scroll_up() {
  std::copy(cells_.begin() + cols_, cells_.end(), cells_.begin());
  std::fill(cells_.end() - cols_, cells_.end(), kBlank);
  std::copy(inverse_cells_.begin() + cols_, inverse_cells_.end(), inverse_cells_.begin());
  std::fill(inverse_cells_.end() - cols_, inverse_cells_.end(), 0);
}

}  // namespace mks::sim
