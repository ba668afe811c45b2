#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "codecs/image.h"

namespace mks::codecs {

// A Linux console bitmap font (PSF1 or PSF2, optionally gzip-compressed, as shipped in
// /usr/share/consolefonts by Debian's console-setup-linux), with its Unicode table.
class PsfFont {
 public:
  // Throws DecodeError for a malformed font, std::runtime_error naming the path if unreadable.
  static PsfFont load(const std::filesystem::path& path);
  static PsfFont parse(std::span<const std::uint8_t> data);  // data may be gzip-compressed

  int width() const { return width_; }
  int height() const { return height_; }
  std::size_t glyph_count() const { return glyph_count_; }
  // Glyph index for a character, via the Unicode table (or the index itself when the font
  // has none and c < glyph_count()).
  std::optional<std::size_t> glyph_index(char32_t c) const;
  // True when pixel (x, y) of glyph `index` is set.
  bool pixel(std::size_t index, int x, int y) const;
  // Every character the Unicode table maps to `index`.
  std::vector<char32_t> characters_of(std::size_t index) const;
  // Paints the whole width() x height() cell of glyph `index` with its top-left corner at
  // (x, y): set pixels `ink`, the rest `paper`; clipped to the image.
  void draw_glyph(Image& image, std::size_t index, int x, int y, Pixel ink, Pixel paper) const;

 private:
  int width_ = 0;
  int height_ = 0;
  std::size_t glyph_count_ = 0;
  std::size_t bytes_per_row_ = 0;
  std::vector<std::uint8_t> bitmaps_;
  std::unordered_map<char32_t, std::size_t> unicode_to_glyph_;
};

}  // namespace mks::codecs
