#include "tools/webmks_sim/text_renderer.h"

#include <algorithm>

namespace mks::sim {
namespace {

constexpr int kVgaFontWidth = 8;
constexpr int kCursorLines = 2;  // VGA's default underline: the cell's last two scan lines

// VGA repeats the 8th column into the 9th for the line-drawing characters (CP437
// 0xC0-0xDF) so horizontal lines join; with a Unicode font those are box drawing and
// block elements.
bool is_line_graphics(char32_t c) {
  return c >= 0x2500 && c <= 0x259F;
}

}  // namespace

TextRenderer::TextRenderer(const codecs::PsfFont& font, int cols, int rows)
    : font_(font),
      cols_(cols),
      rows_(rows),
      cell_width_(font.width() == kVgaFontWidth ? kVgaFontWidth + 1 : font.width()),
      cell_height_(font.height()) {}

TextRenderer::Cell TextRenderer::cell_of(const Console& console, int col, int row) const {
  const CursorPos cursor = console.cursor();
  const bool here = console.cursor_visible() && cursor.row == row &&
                    std::min(cursor.col, console.cols() - 1) == col;
  return Cell{console.at(col, row), here, console.inverse_at(col, row)};
}

std::vector<codecs::Rect> TextRenderer::render(const Console& console, codecs::Image& image) {
  const bool first = drawn_.empty();
  if (first) drawn_.resize(static_cast<std::size_t>(cols_) * rows_);
  std::vector<codecs::Rect> dirty;
  for (int row = 0; row < rows_; ++row) {
    int first_col = -1;
    int last_col = -1;
    for (int col = 0; col < cols_; ++col) {
      const Cell cell = cell_of(console, col, row);
      Cell& old = drawn_[static_cast<std::size_t>(row) * cols_ + col];
      if (!first && cell == old) continue;
      draw(cell, col, row, image);
      old = cell;
      if (first_col < 0) first_col = col;
      last_col = col;
    }
    if (first_col < 0) continue;
    dirty.push_back({first_col * cell_width_, row * cell_height_,
                     (last_col - first_col + 1) * cell_width_, cell_height_});
  }
  return dirty;
}

bool TextRenderer::glyph_bit(char32_t c, std::size_t glyph, int x, int y) const {
  if (x < font_.width()) return font_.pixel(glyph, x, y);
  return is_line_graphics(c) && font_.pixel(glyph, font_.width() - 1, y);
}

void TextRenderer::draw(const Cell& cell, int col, int row, codecs::Image& image) const {
  const int x0 = col * cell_width_;
  const int y0 = row * cell_height_;
  auto glyph = font_.glyph_index(cell.c);
  if (!glyph) glyph = font_.glyph_index(U'?');
  for (int y = 0; y < cell_height_; ++y) {
    codecs::Pixel* line = image.row(y0 + y) + x0;
    const bool cursor_line = cell.cursor && y >= cell_height_ - kCursorLines;
    for (int x = 0; x < cell_width_; ++x) {
      const bool on = (cursor_line || (glyph && glyph_bit(cell.c, *glyph, x, y))) != cell.inverse;
      line[x] = on ? kForeground : kBackground;
    }
  }
}

}  // namespace mks::sim
