#include "codecs/psf_font.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

// Header layouts: kbd's psf.h (PSF1: 2-byte magic, mode, charsize; PSF2: 8 little-endian
// u32 fields).
constexpr std::uint8_t kPsf1Magic[] = {0x36, 0x04};
constexpr std::uint8_t kPsf1Mode512 = 0x01;
constexpr std::uint8_t kPsf1ModeHasTable = 0x02;
constexpr std::uint8_t kPsf1ModeHasSeq = 0x04;
constexpr std::uint16_t kPsf1Separator = 0xFFFF;
constexpr std::uint16_t kPsf1StartSeq = 0xFFFE;
constexpr std::uint8_t kPsf2Magic[] = {0x72, 0xb5, 0x4a, 0x86};
constexpr std::uint32_t kPsf2HasTable = 0x01;
constexpr std::uint8_t kPsf2Separator = 0xFF;
constexpr std::uint8_t kPsf2StartSeq = 0xFE;
constexpr std::size_t kPsf2HeaderSize = 32;

constexpr std::size_t kMaxFontBytes = 16 * 1024 * 1024;
constexpr std::uint32_t kMaxGlyphs = 65536;
constexpr std::uint32_t kMaxGlyphSide = 256;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("PSF font: " + what);
}

bool is_gzip(std::span<const std::uint8_t> data) {
  return data.size() >= 2 && data[0] == 0x1f && data[1] == 0x8b;
}

class Inflater {
 public:
  Inflater() {
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) fail("zlib init failed");
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
};

std::vector<std::uint8_t> gunzip(std::span<const std::uint8_t> data) {
  Inflater inflater;
  z_stream& zs = inflater.stream();
  zs.next_in = const_cast<Bytef*>(data.data());
  zs.avail_in = static_cast<uInt>(std::min<std::size_t>(data.size(), kMaxFontBytes));
  std::vector<std::uint8_t> out(64 * 1024);
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() >= kMaxFontBytes) fail("decompressed font larger than 16 MiB");
      out.resize(std::min(out.size() * 2, kMaxFontBytes));
    }
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) fail("truncated gzip data");
    if (rc != Z_OK && rc != Z_BUF_ERROR) fail("bad gzip data");
  }
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(produced),
            out.end());  // resize() trips GCC 12 -Wstringop-overflow under ASan
  return out;
}

std::uint32_t load_le32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} | (std::uint32_t{p[1]} << 8) | (std::uint32_t{p[2]} << 16) |
         (std::uint32_t{p[3]} << 24);
}

// Decodes one UTF-8 character at data[pos]; advances pos.
char32_t read_utf8(std::span<const std::uint8_t> data, std::size_t& pos) {
  const std::uint8_t lead = data[pos];
  std::size_t extra = 0;
  char32_t c = 0;
  if (lead < 0x80) {
    c = lead;
  } else if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    c = lead & 0x07;
  } else {
    fail("bad UTF-8 in Unicode table");
  }
  if (data.size() - pos - 1 < extra) fail("truncated Unicode table");
  for (std::size_t i = 1; i <= extra; ++i) {
    const std::uint8_t b = data[pos + i];
    if ((b & 0xC0) != 0x80) fail("bad UTF-8 in Unicode table");
    c = (c << 6) | (b & 0x3F);
  }
  pos += extra + 1;
  if (c > 0x10FFFF) fail("bad UTF-8 in Unicode table");
  return c;
}

// Everything the header tells; PsfFont is built from it.
struct PsfFontParts {
  int width = 0;
  int height = 0;
  std::size_t glyph_count = 0;
  std::size_t bytes_per_row = 0;
  std::size_t bitmap_offset = 0;
  bool has_table = false;
};

PsfFontParts parse_psf1_header(std::span<const std::uint8_t> data) {
  if (data.size() < 4) fail("truncated PSF1 header");
  const std::uint8_t mode = data[2];
  PsfFontParts parts;
  parts.width = 8;
  parts.height = data[3];
  parts.bytes_per_row = 1;
  parts.glyph_count = (mode & kPsf1Mode512) ? 512 : 256;
  parts.bitmap_offset = 4;
  parts.has_table = (mode & (kPsf1ModeHasTable | kPsf1ModeHasSeq)) != 0;
  if (parts.height == 0) fail("PSF1 glyph height 0");
  return parts;
}

PsfFontParts parse_psf2_header(std::span<const std::uint8_t> data) {
  if (data.size() < kPsf2HeaderSize) fail("truncated PSF2 header");
  const std::uint32_t header_size = load_le32(&data[8]);
  const std::uint32_t flags = load_le32(&data[12]);
  const std::uint32_t glyphs = load_le32(&data[16]);
  const std::uint32_t glyph_bytes = load_le32(&data[20]);
  const std::uint32_t height = load_le32(&data[24]);
  const std::uint32_t width = load_le32(&data[28]);
  if (header_size < kPsf2HeaderSize || header_size > data.size()) fail("bad PSF2 header size");
  if (glyphs == 0 || glyphs > kMaxGlyphs) fail("bad PSF2 glyph count");
  if (width == 0 || height == 0 || width > kMaxGlyphSide || height > kMaxGlyphSide) {
    fail("bad PSF2 glyph size");
  }
  PsfFontParts parts;
  parts.width = static_cast<int>(width);
  parts.height = static_cast<int>(height);
  parts.bytes_per_row = (width + 7) / 8;
  if (glyph_bytes != parts.bytes_per_row * height) fail("PSF2 glyph byte size does not match");
  parts.glyph_count = glyphs;
  parts.bitmap_offset = header_size;
  parts.has_table = (flags & kPsf2HasTable) != 0;
  return parts;
}

void parse_psf1_table(std::span<const std::uint8_t> table, std::size_t glyphs,
                      std::unordered_map<char32_t, std::size_t>& map) {
  std::size_t pos = 0;
  for (std::size_t glyph = 0; glyph < glyphs; ++glyph) {
    bool in_sequence = false;
    for (;;) {
      if (table.size() - pos < 2) fail("truncated PSF1 Unicode table");
      const std::uint16_t v = static_cast<std::uint16_t>(table[pos] | (table[pos + 1] << 8));
      pos += 2;
      if (v == kPsf1Separator) break;
      if (v == kPsf1StartSeq) in_sequence = true;
      if (!in_sequence) map.emplace(v, glyph);
    }
  }
}

void parse_psf2_table(std::span<const std::uint8_t> table, std::size_t glyphs,
                      std::unordered_map<char32_t, std::size_t>& map) {
  std::size_t pos = 0;
  for (std::size_t glyph = 0; glyph < glyphs; ++glyph) {
    bool in_sequence = false;
    for (;;) {
      if (pos >= table.size()) fail("truncated PSF2 Unicode table");
      const std::uint8_t b = table[pos];
      if (b == kPsf2Separator) {
        ++pos;
        break;
      }
      if (b == kPsf2StartSeq) {
        in_sequence = true;
        ++pos;
        continue;
      }
      const char32_t c = read_utf8(table, pos);
      if (!in_sequence) map.emplace(c, glyph);
    }
  }
}

}  // namespace

PsfFont PsfFont::parse(std::span<const std::uint8_t> data) {
  std::vector<std::uint8_t> inflated;
  if (is_gzip(data)) {
    inflated = gunzip(data);
    data = inflated;
  }
  if (data.size() > kMaxFontBytes) fail("font larger than 16 MiB");
  const bool psf1 =
      data.size() >= 2 && std::equal(std::begin(kPsf1Magic), std::end(kPsf1Magic), data.begin());
  const bool psf2 =
      data.size() >= 4 && std::equal(std::begin(kPsf2Magic), std::end(kPsf2Magic), data.begin());
  if (!psf1 && !psf2) fail("not a PSF1 or PSF2 font (bad magic)");
  const PsfFontParts parts = psf1 ? parse_psf1_header(data) : parse_psf2_header(data);
  const std::size_t glyph_bytes = parts.bytes_per_row * static_cast<std::size_t>(parts.height);
  const std::size_t bitmap_bytes = glyph_bytes * parts.glyph_count;
  if (data.size() - parts.bitmap_offset < bitmap_bytes) fail("truncated glyph bitmaps");

  PsfFont font;
  font.width_ = parts.width;
  font.height_ = parts.height;
  font.glyph_count_ = parts.glyph_count;
  font.bytes_per_row_ = parts.bytes_per_row;
  const auto bitmaps = data.subspan(parts.bitmap_offset, bitmap_bytes);
  font.bitmaps_.assign(bitmaps.begin(), bitmaps.end());
  if (parts.has_table) {
    const auto table = data.subspan(parts.bitmap_offset + bitmap_bytes);
    if (psf1) {
      parse_psf1_table(table, parts.glyph_count, font.unicode_to_glyph_);
    } else {
      parse_psf2_table(table, parts.glyph_count, font.unicode_to_glyph_);
    }
  }
  return font;
}

PsfFont PsfFont::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open font " + path.string());
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read font " + path.string());
  try {
    return parse(bytes);
  } catch (const DecodeError& e) {
    throw DecodeError(path.string() + ": " + e.what());
  }
}

std::optional<std::size_t> PsfFont::glyph_index(char32_t c) const {
  if (unicode_to_glyph_.empty()) {
    if (c < glyph_count_) return static_cast<std::size_t>(c);
    return std::nullopt;
  }
  const auto it = unicode_to_glyph_.find(c);
  if (it == unicode_to_glyph_.end()) return std::nullopt;
  return it->second;
}

bool PsfFont::pixel(std::size_t index, int x, int y) const {
  if (index >= glyph_count_ || x < 0 || y < 0 || x >= width_ || y >= height_) return false;
  const std::size_t glyph_bytes = bytes_per_row_ * static_cast<std::size_t>(height_);
  const std::uint8_t byte =
      bitmaps_[index * glyph_bytes + static_cast<std::size_t>(y) * bytes_per_row_ + x / 8];
  return (byte & (0x80 >> (x % 8))) != 0;
}

std::vector<char32_t> PsfFont::characters_of(std::size_t index) const {
  std::vector<char32_t> out;
  for (const auto& [c, glyph] : unicode_to_glyph_) {
    if (glyph == index) out.push_back(c);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void PsfFont::draw_glyph(Image& image, std::size_t index, int x, int y, Pixel ink,
                         Pixel paper) const {
  const int y0 = std::max(0, -y);
  const int y1 = std::min(height_, image.height() - y);
  const int x0 = std::max(0, -x);
  const int x1 = std::min(width_, image.width() - x);
  for (int gy = y0; gy < y1; ++gy) {
    Pixel* row = image.row(y + gy) + x;
    for (int gx = x0; gx < x1; ++gx) row[gx] = pixel(index, gx, gy) ? ink : paper;
  }
}

}  // namespace mks::codecs
