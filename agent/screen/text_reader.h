#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/screen/glyph_table.h"
#include "codecs/image.h"
#include "codecs/psf_font.h"

namespace mks::screen {

// What is on screen, row by row.
struct ScreenText {
  enum class Source { kFont, kOcr };

  std::vector<std::string> lines;  // UTF-8, trailing blanks trimmed; kFont: one per cell row
  Source source = Source::kFont;
  std::string font;  // the font that matched (kFont), e.g. "Lat15-VGA16"

  std::string joined() const;  // lines joined with '\n'
  // True when `needle` is on one line, or in the joined text (a needle may hold '\n').
  bool contains(std::string_view needle) const;
};

struct NamedFont {
  std::string name;
  codecs::PsfFont font;
};

// Reads text-mode consoles exactly, by matching every character cell against the glyphs of
// known bitmap fonts: VGA text mode (8-pixel fonts in 9-pixel cells) and framebuffer
// consoles (cells as wide as the font), any two colours per cell, inverse video, an
// underline cursor. A cell that matches no glyph reads as U+FFFD.
//
// A cell of one colour reads as a blank (so does a full block). The cell grid (font, cell
// width, origin) is found on the first read and reused while it reads as well as it did
// then; read() is const but updates that cache, so one object must not be used by two
// threads at once (one reader per thread).
class FontTextReader {
 public:
  static constexpr char32_t kUnknownCell = U'\uFFFD';
  static constexpr const char* kDefaultFontDir = "/usr/share/consolefonts";

  // Fonts in order of preference; a font whose cells are too large is skipped.
  explicit FontTextReader(std::vector<NamedFont> fonts);
  // Lat15-VGA16 (Debian's console default, webmks-sim's), FullGreek-VGA16 (all CP437 line
  // graphics), Lat15-VGA14, Lat15-VGA8, Lat15-Fixed16, Lat15-Terminus16 from `dir`, then
  // SeaBIOS's VGA BIOS font (QEMU's text mode; see vga_bios_font.h); missing or unreadable
  // files are skipped.
  static FontTextReader with_default_fonts(const std::filesystem::path& dir = kDefaultFontDir);

  // The text, or nullopt when the screen is not a text console in one of the fonts: more
  // than 1/32 of its non-blank cells match no glyph. A screen of one colour reads as no
  // lines.
  std::optional<ScreenText> read(const codecs::Image& screen) const;

  std::vector<std::string> font_names() const;

 private:
  struct Grid {
    std::size_t table = 0;  // index into tables_
    int x = 0;              // origin of the first full cell
    int y = 0;
  };
  struct FontTable {
    std::string font_name;
    GlyphTable glyphs;
  };
  struct CellCounts {
    int text = 0;
    int unknown = 0;
  };

  std::optional<Grid> find_grid(const codecs::Image& screen, codecs::Pixel background) const;
  int sample_hits(const codecs::Image& screen, codecs::Pixel background, const Grid& grid,
                  const std::vector<std::pair<int, int>>& points) const;
  ScreenText read_grid(const codecs::Image& screen, codecs::Pixel background, const Grid& grid,
                       CellCounts& counts) const;

  std::vector<FontTable> tables_;
  std::vector<std::string> font_names_;
  struct Cache {
    Grid grid;
    int width = 0;  // of the screen it was found on
    int height = 0;
    int unknown = 0;  // cells it could not read there
  };
  mutable std::optional<Cache> cache_;
};

}  // namespace mks::screen
