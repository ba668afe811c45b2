#include "agent/screen/text_reader.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "agent/screen/vga_bios_font.h"

namespace mks::screen {
namespace {

constexpr int kVgaFontWidth = 8;           // fonts VGA text mode shows in 9-pixel cells
constexpr std::size_t kSamplePoints = 64;  // cells tried per candidate grid
constexpr int kUnknownShare = 32;  // a screen reads if at most 1/32 of its cells are unknown
constexpr std::size_t kBackgroundSamples = 1024;

// FullGreek-VGA16 is the one VGA16 font shipped with all of CP437's line graphics (double
// lines, blocks) as their own glyphs; BIOS setup screens draw with those.
constexpr const char* kDefaultFonts[] = {
    "Lat15-VGA16", "FullGreek-VGA16", "Lat15-VGA14",
    "Lat15-VGA8",  "Lat15-Fixed16",   "Lat15-Terminus16",
};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The screen's most frequent colour, from an even sample of its pixels: text consoles
// are mostly background.
codecs::Pixel background_of(const codecs::Image& screen) {
  const auto pixels = screen.pixels();
  const std::size_t step = std::max<std::size_t>(1, pixels.size() / kBackgroundSamples) | 1;
  std::vector<codecs::Pixel> sample;
  sample.reserve(kBackgroundSamples + 1);
  for (std::size_t i = 0; i < pixels.size(); i += step) sample.push_back(pixels[i] & 0xFFFFFF);
  std::sort(sample.begin(), sample.end());
  codecs::Pixel best = sample.front();
  std::size_t best_run = 0;
  for (std::size_t i = 0; i < sample.size();) {
    std::size_t j = i;
    while (j < sample.size() && sample[j] == sample[i]) ++j;
    if (j - i > best_run) {
      best_run = j - i;
      best = sample[i];
    }
    i = j;
  }
  return best;
}

bool differs_from_left(const codecs::Pixel* line, int x) {
  return ((line[x] ^ line[x - 1]) & 0xFFFFFF) != 0;
}

// Up to kSamplePoints pixels where the colour changes, spread evenly over all such pixels,
// so candidate grids are tried on cells that hold something.
std::vector<std::pair<int, int>> edge_points(const codecs::Image& screen) {
  std::size_t edges = 0;
  for (int y = 0; y < screen.height(); ++y) {
    const codecs::Pixel* line = screen.row(y);
    for (int x = 1; x < screen.width(); ++x) edges += differs_from_left(line, x);
  }
  std::vector<std::pair<int, int>> points;
  if (edges == 0) return points;
  const std::size_t step = std::max<std::size_t>(1, edges / kSamplePoints);
  std::size_t seen = 0;
  for (int y = 0; y < screen.height() && points.size() < kSamplePoints; ++y) {
    const codecs::Pixel* line = screen.row(y);
    for (int x = 1; x < screen.width(); ++x) {
      if (!differs_from_left(line, x)) continue;
      if (seen++ % step == 0) points.emplace_back(x, y);
    }
  }
  return points;
}

}  // namespace

std::string ScreenText::joined() const {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i];
  }
  return out;
}

bool ScreenText::contains(std::string_view needle) const {
  return joined().find(needle) != std::string::npos;  // every line is in the joined text
}

FontTextReader::FontTextReader(std::vector<NamedFont> fonts) {
  for (const NamedFont& named : fonts) {
    const int width = named.font.width();
    if (width > GlyphTable::kMaxCellWidth || named.font.height() > GlyphTable::kMaxCellHeight) {
      continue;
    }
    if (width == kVgaFontWidth) tables_.push_back({named.name, GlyphTable(named.font, width + 1)});
    tables_.push_back({named.name, GlyphTable(named.font, width)});
    font_names_.push_back(named.name);
  }
}

FontTextReader FontTextReader::with_default_fonts(const std::filesystem::path& dir) {
  std::vector<NamedFont> fonts;
  for (const char* name : kDefaultFonts) {
    try {
      fonts.push_back({name, codecs::PsfFont::load(dir / (std::string(name) + ".psf.gz"))});
    } catch (const std::exception&) {
      // not installed here: read with the others
    }
  }
  // QEMU's VGA text mode (BIOS, GRUB, Linux's vgacon) shows the VGA BIOS's own font.
  if (auto bios = load_vga_bios_font()) fonts.push_back({"SeaBIOS-VGA16", std::move(*bios)});
  return FontTextReader(std::move(fonts));
}

std::vector<std::string> FontTextReader::font_names() const {
  return font_names_;
}

std::optional<ScreenText> FontTextReader::read(const codecs::Image& screen) const {
  if (screen.empty()) return std::nullopt;
  const codecs::Pixel background = background_of(screen);
  const auto readable = [](const CellCounts& counts) {
    return counts.unknown * kUnknownShare <= counts.text + counts.unknown;
  };
  if (cache_ && cache_->width == screen.width() && cache_->height == screen.height()) {
    CellCounts counts;
    ScreenText text = read_grid(screen, background, cache_->grid, counts);
    // More unknown cells than when the grid was found: maybe another font now.
    if (readable(counts) && counts.unknown <= cache_->unknown) return text;
  }
  const auto grid = find_grid(screen, background);
  if (!grid) {
    cache_.reset();
    return std::nullopt;
  }
  if (grid->table >= tables_.size()) return ScreenText{};  // one colour: nothing to read
  CellCounts counts;
  ScreenText text = read_grid(screen, background, *grid, counts);
  cache_ = Cache{*grid, screen.width(), screen.height(), counts.unknown};
  return text;
}

// The grid that reads the screen with the fewest unknown cells (the first font that reads
// it completely), nullopt if none reads it; table == tables_.size() for a one-colour screen.
std::optional<FontTextReader::Grid> FontTextReader::find_grid(const codecs::Image& screen,
                                                              codecs::Pixel background) const {
  const auto points = edge_points(screen);
  if (points.empty()) return Grid{tables_.size()};
  std::optional<Grid> best;
  double best_unknown_share = 1.0 / kUnknownShare;
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const GlyphTable& glyphs = tables_[t].glyphs;
    std::optional<Grid> candidate;
    int candidate_hits = 0;
    for (int y = 0; y < glyphs.cell_height(); ++y) {
      for (int x = 0; x < glyphs.cell_width(); ++x) {
        const Grid grid{t, x, y};
        const int hits = sample_hits(screen, background, grid, points);
        if (hits > candidate_hits) {
          candidate = grid;
          candidate_hits = hits;
        }
      }
    }
    if (!candidate) continue;
    CellCounts counts;
    read_grid(screen, background, *candidate, counts);
    if (counts.text == 0) continue;
    const double unknown_share =
        static_cast<double>(counts.unknown) / (counts.text + counts.unknown);
    if (unknown_share == 0) return candidate;
    if (unknown_share <= best_unknown_share) {
      best = candidate;
      best_unknown_share = unknown_share;
    }
  }
  return best;
}

// How many sample cells of `grid` hold a glyph; -1 as soon as too many hold none.
int FontTextReader::sample_hits(const codecs::Image& screen, codecs::Pixel background,
                                const Grid& grid,
                                const std::vector<std::pair<int, int>>& points) const {
  const GlyphTable& glyphs = tables_[grid.table].glyphs;
  const int allowed_misses = static_cast<int>(points.size() / 16);
  int hits = 0;
  int misses = 0;
  for (const auto& [px, py] : points) {
    if (px < grid.x || py < grid.y) continue;
    const int x = grid.x + (px - grid.x) / glyphs.cell_width() * glyphs.cell_width();
    const int y = grid.y + (py - grid.y) / glyphs.cell_height() * glyphs.cell_height();
    if (x + glyphs.cell_width() > screen.width() || y + glyphs.cell_height() > screen.height()) {
      continue;
    }
    const CellRead cell = glyphs.read_cell(screen, x, y, background);
    if (cell.kind == CellRead::Kind::kText) ++hits;
    if (cell.kind == CellRead::Kind::kUnknown && ++misses > allowed_misses) return -1;
  }
  return hits;
}

ScreenText FontTextReader::read_grid(const codecs::Image& screen, codecs::Pixel background,
                                     const Grid& grid, CellCounts& counts) const {
  const GlyphTable& glyphs = tables_[grid.table].glyphs;
  const int cols = (screen.width() - grid.x) / glyphs.cell_width();
  const int rows = (screen.height() - grid.y) / glyphs.cell_height();
  ScreenText text;
  text.font = tables_[grid.table].font_name;
  text.lines.reserve(static_cast<std::size_t>(std::max(rows, 0)));
  for (int row = 0; row < rows; ++row) {
    std::string line;
    std::size_t kept = 0;  // length up to the last non-blank cell
    const int y = grid.y + row * glyphs.cell_height();
    for (int col = 0; col < cols; ++col) {
      const CellRead cell =
          glyphs.read_cell(screen, grid.x + col * glyphs.cell_width(), y, background);
      switch (cell.kind) {
        case CellRead::Kind::kBlank:
          line += ' ';
          continue;
        case CellRead::Kind::kText:
          ++counts.text;
          append_utf8(line, cell.c);
          break;
        case CellRead::Kind::kUnknown:
          ++counts.unknown;
          append_utf8(line, kUnknownCell);
          break;
      }
      if (cell.c != U' ' || cell.kind == CellRead::Kind::kUnknown) kept = line.size();
    }
    line.erase(kept);
    text.lines.push_back(std::move(line));
  }
  return text;
}

}  // namespace mks::screen
