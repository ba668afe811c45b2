#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "codecs/image.h"
#include "codecs/psf_font.h"

namespace mks::screen {

// What one character cell of the screen holds.
struct CellRead {
  enum class Kind { kBlank, kText, kUnknown } kind = Kind::kBlank;
  char32_t c = U' ';  // kText only
};

// Every glyph of one console font as the exact bit pattern it leaves in a cell of a given
// width, mapped back to its character. A cell width of font width + 1 is VGA's 9-dot text
// mode: the 9th column is blank, except for line-drawing glyphs (CP437 0xC0-0xDF), where it
// repeats the 8th; both variants of every glyph are in the table, since which glyphs the
// hardware extends depends on where the font put them.
class GlyphTable {
 public:
  static constexpr int kMaxCellWidth = 32;
  static constexpr int kMaxCellHeight = 64;
  // An underline cursor covers the cell's last two scan lines (VGA's default, Linux's too).
  static constexpr int kCursorRows = 2;

  // Throws std::invalid_argument if the cell is narrower than the font, more than one wider,
  // or larger than kMaxCellWidth x kMaxCellHeight.
  GlyphTable(const codecs::PsfFont& font, int cell_width);

  int cell_width() const { return cell_width_; }
  int cell_height() const { return cell_height_; }

  // The character whose glyph is exactly `rows` (cell_height() rows; bit x is column x).
  // When several characters share a glyph (or identical glyphs): printable ASCII first,
  // then box drawing and blocks (U+2500-U+259F), then the lowest glyph index and code point.
  std::optional<char32_t> find(std::span<const std::uint32_t> rows) const;
  // The same for a cell under an underline cursor: the last kCursorRows rows are ignored,
  // and among glyphs that differ only there, one that leaves them blank wins.
  std::optional<char32_t> find_under_cursor(std::span<const std::uint32_t> rows) const;

  // Reads the cell whose top-left pixel is (x, y); the cell must lie inside the image.
  // The cell's two colours are paper and ink: `background` (the screen's) is paper when it
  // is one of them, otherwise the more frequent one; if that reading matches no glyph, the
  // other way round is tried (inverse video, dense glyphs), then both under a cursor.
  // One colour: blank. Three or more: unknown.
  CellRead read_cell(const codecs::Image& image, int x, int y, codecs::Pixel background) const;

 private:
  // Exact-match map from a glyph's rows to its character, open addressing.
  class PatternMap {
   public:
    PatternMap(int key_rows, std::size_t capacity);
    void insert(std::span<const std::uint32_t> rows, char32_t c, std::uint64_t rank);
    std::optional<char32_t> find(std::span<const std::uint32_t> rows) const;

   private:
    std::size_t slot_of(std::span<const std::uint32_t> rows) const;
    bool same(std::size_t entry, std::span<const std::uint32_t> rows) const;

    int key_rows_;
    std::vector<std::int32_t> slots_;  // entry index or -1; size a power of two
    std::vector<std::uint32_t> patterns_;
    std::vector<char32_t> chars_;
    std::vector<std::uint64_t> ranks_;
  };

  void add_glyph(const codecs::PsfFont& font, std::size_t index, char32_t c, bool repeat_last);
  std::optional<char32_t> find_either(std::span<const std::uint32_t> rows, std::uint32_t flip,
                                      bool rows_are_ink) const;

  int cell_width_;
  int cell_height_;
  PatternMap exact_;
  PatternMap under_cursor_;
};

}  // namespace mks::screen
