#pragma once

#include <vector>

#include "codecs/image.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/console.h"

namespace mks::sim {

// Draws a Console into a framebuffer the way VGA text mode does: an 8-pixel-wide font gets
// a 9-pixel cell, light grey on black (black on grey in inverse video), an underline cursor
// that does not blink (so the same input always gives the same pixels).
class TextRenderer {
 public:
  static constexpr codecs::Pixel kForeground = codecs::rgb(0xAA, 0xAA, 0xAA);
  static constexpr codecs::Pixel kBackground = codecs::rgb(0, 0, 0);

  TextRenderer(const codecs::PsfFont& font, int cols, int rows);

  int cell_width() const { return cell_width_; }
  int cell_height() const { return cell_height_; }
  int width() const { return cell_width_ * cols_; }
  int height() const { return cell_height_ * rows_; }

  // Redraws the cells that changed since the previous call (every cell the first time) and
  // returns the changed areas, one rectangle per row span. `image` must be width()×height().
  std::vector<codecs::Rect> render(const Console& console, codecs::Image& image);

 private:
  struct Cell {
    char32_t c = 0;
    bool cursor = false;
    bool inverse = false;
    bool operator==(const Cell&) const = default;
  };

  Cell cell_of(const Console& console, int col, int row) const;
  void draw(const Cell& cell, int col, int row, codecs::Image& image) const;
  bool glyph_bit(char32_t c, std::size_t glyph, int x, int y) const;

  const codecs::PsfFont& font_;
  int cols_;
  int rows_;
  int cell_width_;
  int cell_height_;
  std::vector<Cell> drawn_;  // empty until the first render
};

}  // namespace mks::sim
