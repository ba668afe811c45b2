#include "agent/screen/glyph_table.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace mks::screen {
namespace {

constexpr codecs::Pixel kRgb = 0x00FFFFFF;  // the top byte never counts (see Pixel)

bool is_printable_ascii(char32_t c) {
  return c > 0x20 && c < 0x7F;
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

bool is_line_graphics(char32_t c) {
  return c >= 0x2500 && c <= 0x259F;  // box drawing and block elements
}

// 0 for the characters a glyph should read as first.
std::uint64_t preference(char32_t c) {
  return is_printable_ascii(c) ? 0 : is_line_graphics(c) ? 1 : 2;
}

// The character a glyph reads as: printable ASCII if the font maps one to it, then line
// graphics (Lat15 fonts draw U+2500 and the em dash with one glyph; consoles draw boxes far
// more often), otherwise the lowest code point; nullopt for control characters only.
std::optional<char32_t> character_of(const codecs::PsfFont& font, std::size_t index) {
  std::vector<char32_t> chars = font.characters_of(index);  // sorted
  if (chars.empty() && font.glyph_index(static_cast<char32_t>(index)) == index) {
    chars.push_back(static_cast<char32_t>(index));  // a font without Unicode table
  }
  std::erase_if(chars, is_control);
  if (chars.empty()) return std::nullopt;
  return *std::min_element(chars.begin(), chars.end(), [](char32_t a, char32_t b) {
    return std::pair(preference(a), a) < std::pair(preference(b), b);
  });
}

std::uint64_t hash_rows(std::span<const std::uint32_t> rows) {
  std::uint64_t h = 0x243F6A8885A308D3ull;
  for (const std::uint32_t r : rows) h = (std::rotl(h, 7) ^ r) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

std::size_t power_of_two_at_least(std::size_t n) {
  std::size_t p = 16;
  while (p < n) p *= 2;
  return p;
}

}  // namespace

GlyphTable::PatternMap::PatternMap(int key_rows, std::size_t capacity)
    : key_rows_(key_rows), slots_(power_of_two_at_least(capacity * 2), -1) {}

std::size_t GlyphTable::PatternMap::slot_of(std::span<const std::uint32_t> rows) const {
  const std::size_t mask = slots_.size() - 1;
  std::size_t slot = hash_rows(rows.first(key_rows_)) & mask;
  while (slots_[slot] >= 0 && !same(static_cast<std::size_t>(slots_[slot]), rows)) {
    slot = (slot + 1) & mask;
  }
  return slot;
}

bool GlyphTable::PatternMap::same(std::size_t entry, std::span<const std::uint32_t> rows) const {
  const std::uint32_t* stored = patterns_.data() + entry * key_rows_;
  return std::equal(stored, stored + key_rows_, rows.begin());
}

void GlyphTable::PatternMap::insert(std::span<const std::uint32_t> rows, char32_t c,
                                    std::uint64_t rank) {
  const std::size_t slot = slot_of(rows);
  if (slots_[slot] >= 0) {
    const auto entry = static_cast<std::size_t>(slots_[slot]);
    if (rank < ranks_[entry]) {
      chars_[entry] = c;
      ranks_[entry] = rank;
    }
    return;
  }
  if ((chars_.size() + 1) * 2 > slots_.size()) throw std::logic_error("PatternMap full");
  slots_[slot] = static_cast<std::int32_t>(chars_.size());
  patterns_.insert(patterns_.end(), rows.begin(), rows.begin() + key_rows_);
  chars_.push_back(c);
  ranks_.push_back(rank);
}

std::optional<char32_t> GlyphTable::PatternMap::find(std::span<const std::uint32_t> rows) const {
  const std::int32_t entry = slots_[slot_of(rows)];
  if (entry < 0) return std::nullopt;
  return chars_[static_cast<std::size_t>(entry)];
}

GlyphTable::GlyphTable(const codecs::PsfFont& font, int cell_width)
    : cell_width_(cell_width),
      cell_height_(font.height()),
      exact_(font.height(), font.glyph_count() * 2),
      under_cursor_(std::max(font.height() - kCursorRows, 0), font.glyph_count() * 2) {
  if (cell_width < font.width() || cell_width > font.width() + 1 || cell_width > kMaxCellWidth ||
      cell_height_ > kMaxCellHeight) {
    throw std::invalid_argument("GlyphTable: a " + std::to_string(font.width()) + "x" +
                                std::to_string(font.height()) + " font in cells " +
                                std::to_string(cell_width) + " wide is not supported");
  }
  for (std::size_t index = 0; index < font.glyph_count(); ++index) {
    const auto c = character_of(font, index);
    if (!c) continue;
    add_glyph(font, index, *c, false);
    if (cell_width > font.width()) add_glyph(font, index, *c, true);
  }
}

void GlyphTable::add_glyph(const codecs::PsfFont& font, std::size_t index, char32_t c,
                           bool repeat_last) {
  std::uint32_t rows[kMaxCellHeight] = {};
  const std::uint32_t full = cell_width_ == 32 ? ~0u : (1u << cell_width_) - 1;
  bool blank = true;
  bool solid = true;
  for (int y = 0; y < cell_height_; ++y) {
    for (int x = 0; x < cell_width_; ++x) {
      const int source_x = x < font.width() ? x : (repeat_last ? font.width() - 1 : -1);
      if (font.pixel(index, source_x, y)) rows[y] |= 1u << x;
    }
    blank = blank && rows[y] == 0;
    solid = solid && rows[y] == full;
  }
  if (blank || solid) return;  // one-colour cells never reach the table
  const std::span<const std::uint32_t> pattern(rows, static_cast<std::size_t>(cell_height_));
  const std::uint64_t order = (std::uint64_t{index} << 21) | c;
  exact_.insert(pattern, c, preference(c) << 40 | order);
  if (cell_height_ <= kCursorRows) return;
  const bool bottom_blank = std::all_of(rows + cell_height_ - kCursorRows, rows + cell_height_,
                                        [](std::uint32_t r) { return r == 0; });
  const std::uint64_t cursor_class = (bottom_blank ? 0 : 3) + preference(c);
  under_cursor_.insert(pattern, c, cursor_class << 40 | order);
}

std::optional<char32_t> GlyphTable::find(std::span<const std::uint32_t> rows) const {
  if (rows.size() < static_cast<std::size_t>(cell_height_)) return std::nullopt;
  return exact_.find(rows);
}

std::optional<char32_t> GlyphTable::find_under_cursor(std::span<const std::uint32_t> rows) const {
  if (cell_height_ <= kCursorRows || rows.size() < static_cast<std::size_t>(cell_height_)) {
    return std::nullopt;
  }
  const auto top = rows.first(static_cast<std::size_t>(cell_height_ - kCursorRows));
  if (std::all_of(top.begin(), top.end(), [](std::uint32_t r) { return r == 0; })) return U' ';
  return under_cursor_.find(rows);
}

std::optional<char32_t> GlyphTable::find_either(std::span<const std::uint32_t> rows,
                                                std::uint32_t flip, bool rows_are_ink) const {
  std::uint32_t flipped_rows[kMaxCellHeight];
  for (std::size_t y = 0; y < rows.size(); ++y) flipped_rows[y] = rows[y] ^ flip;
  const std::span<const std::uint32_t> flipped(flipped_rows, rows.size());
  const auto first = rows_are_ink ? rows : flipped;
  const auto second = rows_are_ink ? flipped : rows;
  if (auto c = exact_.find(first)) return c;
  if (auto c = exact_.find(second)) return c;
  for (const auto candidate : {first, second}) {
    const bool cursor_on = std::all_of(candidate.end() - kCursorRows, candidate.end(),
                                       [flip](std::uint32_t r) { return r == flip; });
    if (!cursor_on) continue;
    if (auto c = find_under_cursor(candidate)) return c;
  }
  return std::nullopt;
}

CellRead GlyphTable::read_cell(const codecs::Image& image, int x, int y,
                               codecs::Pixel background) const {
  std::uint32_t rows[kMaxCellHeight];
  const codecs::Pixel first = image.at(x, y) & kRgb;
  codecs::Pixel second = first;
  bool two_colours = false;
  int second_count = 0;
  for (int gy = 0; gy < cell_height_; ++gy) {
    const codecs::Pixel* line = image.row(y + gy) + x;
    std::uint32_t bits = 0;
    for (int gx = 0; gx < cell_width_; ++gx) {
      const codecs::Pixel p = line[gx] & kRgb;
      if (p == first) continue;
      if (!two_colours) {
        second = p;
        two_colours = true;
      } else if (p != second) {
        return {CellRead::Kind::kUnknown};
      }
      bits |= 1u << gx;
    }
    rows[gy] = bits;
    second_count += std::popcount(bits);
  }
  if (!two_colours) return {CellRead::Kind::kBlank};
  background &= kRgb;
  bool first_is_paper = second_count * 2 <= cell_width_ * cell_height_;
  if (first == background) first_is_paper = true;
  if (second == background) first_is_paper = false;
  const std::uint32_t full = cell_width_ == 32 ? ~0u : (1u << cell_width_) - 1;
  const auto c =
      find_either(std::span<const std::uint32_t>(rows, cell_height_), full, first_is_paper);
  if (!c) return {CellRead::Kind::kUnknown};
  return {CellRead::Kind::kText, *c};
}

}  // namespace mks::screen
