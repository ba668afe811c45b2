#include "codecs/psf_font.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

const std::filesystem::path kFonts = "/usr/share/consolefonts";

std::vector<std::uint8_t> gzip(const std::vector<std::uint8_t>& data) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::vector<std::uint8_t> out(deflateBound(&zs, data.size()) + 64);
  zs.next_in = const_cast<Bytef*>(data.data());
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void put_le32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// PSF1, 256 glyphs of 8x2; glyph i has rows {i, ~i}; table maps glyph 65 to 'A' and U+00C4,
// glyph 66 to 'B' plus a sequence that must be ignored.
std::vector<std::uint8_t> tiny_psf1() {
  std::vector<std::uint8_t> font = {0x36, 0x04, 0x02, 2};
  for (int i = 0; i < 256; ++i) {
    font.push_back(static_cast<std::uint8_t>(i));
    font.push_back(static_cast<std::uint8_t>(~i));
  }
  for (int i = 0; i < 256; ++i) {
    auto u16 = [&](std::uint16_t v) {
      font.insert(font.end(), {std::uint8_t(v), std::uint8_t(v >> 8)});
    };
    if (i == 65) u16('A'), u16(0xC4);
    if (i == 66) u16('B'), u16(0xFFFE), u16('X'), u16(0x301);
    u16(0xFFFF);
  }
  return font;
}

// PSF2, 3 glyphs of 10x3 (2 bytes per row); glyph 1 = 'é' (UTF-8) and '1', glyph 2 a sequence.
std::vector<std::uint8_t> tiny_psf2() {
  std::vector<std::uint8_t> font = {0x72, 0xb5, 0x4a, 0x86};
  for (std::uint32_t v : {0u, 32u, 1u, 3u, 6u, 3u, 10u}) put_le32(font, v);
  for (int g = 0; g < 3; ++g) {
    for (int row = 0; row < 3; ++row) font.insert(font.end(), {0x80, 0x40});  // x=0 and x=9
  }
  font.insert(font.end(), {'0', 0xFF});
  font.insert(font.end(), {0xC3, 0xA9, '1', 0xFF});
  font.insert(font.end(), {0xFE, 'e', 0xCC, 0x81, 0xFF});
  return font;
}

TEST(PsfFont, Psf1_ParsesGlyphsAndTable) {
  const PsfFont font = PsfFont::parse(tiny_psf1());
  EXPECT_EQ(font.width(), 8);
  EXPECT_EQ(font.height(), 2);
  EXPECT_EQ(font.glyph_count(), 256u);
  EXPECT_EQ(font.glyph_index(U'A'), 65u);
  EXPECT_EQ(font.glyph_index(U'\u00C4'), 65u);
  EXPECT_EQ(font.glyph_index(U'B'), 66u);
  EXPECT_FALSE(font.glyph_index(U'X').has_value());  // only inside a sequence
  EXPECT_FALSE(font.glyph_index(U'C').has_value());
  EXPECT_EQ(font.characters_of(65), (std::vector<char32_t>{U'A', U'\u00C4'}));
  // glyph 65 = 0b01000001 then its complement
  EXPECT_FALSE(font.pixel(65, 0, 0));
  EXPECT_TRUE(font.pixel(65, 1, 0));
  EXPECT_TRUE(font.pixel(65, 7, 0));
  EXPECT_TRUE(font.pixel(65, 0, 1));
  EXPECT_FALSE(font.pixel(65, 7, 1));
  EXPECT_FALSE(font.pixel(65, 8, 0));
  EXPECT_FALSE(font.pixel(256, 0, 0));
}

TEST(PsfFont, Psf2_ParsesWideGlyphsAndUtf8Table) {
  const PsfFont font = PsfFont::parse(gzip(tiny_psf2()));
  EXPECT_EQ(font.width(), 10);
  EXPECT_EQ(font.height(), 3);
  EXPECT_EQ(font.glyph_count(), 3u);
  EXPECT_EQ(font.glyph_index(U'0'), 0u);
  EXPECT_EQ(font.glyph_index(U'\u00E9'), 1u);
  EXPECT_EQ(font.glyph_index(U'1'), 1u);
  EXPECT_FALSE(font.glyph_index(U'e').has_value());
  EXPECT_TRUE(font.pixel(2, 0, 2));
  EXPECT_TRUE(font.pixel(2, 9, 2));
  EXPECT_FALSE(font.pixel(2, 8, 2));
  EXPECT_FALSE(font.pixel(2, 10, 2));
}

TEST(PsfFont, DrawGlyph_PaintsInkAndPaperAndClips) {
  const PsfFont font = PsfFont::parse(tiny_psf1());
  Image image(10, 3, 7);
  font.draw_glyph(image, 65, 1, 1, 0xAA, 0xBB);  // rows 0b01000001, 0b10111110; row 2 clipped
  EXPECT_EQ(image.at(1, 1), 0xBBu);
  EXPECT_EQ(image.at(2, 1), 0xAAu);
  EXPECT_EQ(image.at(8, 1), 0xAAu);
  EXPECT_EQ(image.at(1, 2), 0xAAu);
  EXPECT_EQ(image.at(8, 2), 0xBBu);
  EXPECT_EQ(image.at(0, 1), 7u);
  EXPECT_EQ(image.at(9, 1), 7u);
  EXPECT_EQ(image.at(1, 0), 7u);
  font.draw_glyph(image, 65, -7, -1, 0xAA, 0xBB);  // only column 7 of row 1 is visible
  EXPECT_EQ(image.at(0, 0), 0xBBu);
  EXPECT_EQ(image.at(1, 0), 7u);
  font.draw_glyph(image, 65, 100, 100, 0xAA, 0xBB);
}

TEST(PsfFont, NoTable_IndexIsCharacter) {
  auto data = tiny_psf1();
  data[2] = 0;  // mode without table
  data.resize(4 + 512);
  const PsfFont font = PsfFont::parse(data);
  EXPECT_EQ(font.glyph_index(U'A'), 65u);
  EXPECT_FALSE(font.glyph_index(U'\u0100').has_value());
}

TEST(PsfFont, EveryTruncation_ThrowsDecodeError) {
  for (const auto& data : {tiny_psf1(), tiny_psf2()}) {
    for (std::size_t n = 0; n < data.size(); ++n) {
      EXPECT_THROW(PsfFont::parse(std::span(data).first(n)), DecodeError) << n;
    }
  }
  const auto packed = gzip(tiny_psf2());
  for (std::size_t n = 0; n < packed.size(); ++n) {
    EXPECT_THROW(PsfFont::parse(std::span(packed).first(n)), DecodeError) << n;
  }
}

TEST(PsfFont, HostileHeaders_ThrowDecodeError) {
  auto bad_size = tiny_psf2();
  bad_size[20] = 7;  // glyph bytes not height * row bytes
  EXPECT_THROW(PsfFont::parse(bad_size), DecodeError);
  auto many = tiny_psf2();
  many[16] = 0xFF, many[17] = 0xFF, many[18] = 0xFF, many[19] = 0x7F;
  EXPECT_THROW(PsfFont::parse(many), DecodeError);
  auto bad_utf8 = tiny_psf2();
  bad_utf8[32 + 18] = 0xC3, bad_utf8[32 + 19] = 0x41;
  EXPECT_THROW(PsfFont::parse(bad_utf8), DecodeError);
  const std::vector<std::uint8_t> junk = {1, 2, 3, 4, 5, 6};
  EXPECT_THROW(PsfFont::parse(junk), DecodeError);
}

TEST(PsfFont, GzipBomb_IsBounded) {
  std::vector<std::uint8_t> huge = tiny_psf1();
  huge.resize(40 * 1024 * 1024, 0);
  EXPECT_THROW(PsfFont::parse(gzip(huge)), DecodeError);
}

TEST(PsfFont, LoadMissingFile_ThrowsRuntimeErrorNamingPath) {
  try {
    PsfFont::load("/nonexistent/font.psf");
    FAIL();
  } catch (const DecodeError&) {
    FAIL() << "wrong exception type";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/font.psf"), std::string::npos);
  }
}

TEST(PsfFont, DebianLat15Vga16_IsPsf1With8x16Glyphs) {
  const PsfFont font = PsfFont::load(kFonts / "Lat15-VGA16.psf.gz");
  EXPECT_EQ(font.width(), 8);
  EXPECT_EQ(font.height(), 16);
  EXPECT_EQ(font.glyph_count(), 256u);
  const auto a = font.glyph_index(U'A');
  const auto b = font.glyph_index(U'B');
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  const auto chars = font.characters_of(*a);
  EXPECT_NE(std::find(chars.begin(), chars.end(), U'A'), chars.end());
  EXPECT_TRUE(font.glyph_index(U'\u00E9').has_value());
}

int set_pixels(const PsfFont& font, std::size_t glyph) {
  int n = 0;
  for (int y = 0; y < font.height(); ++y) {
    for (int x = 0; x < font.width(); ++x) n += font.pixel(glyph, x, y);
  }
  return n;
}

TEST(PsfFont, DebianFonts_SpaceIsBlankAndLettersAreNot) {
  for (const char* name : {"Lat15-VGA16.psf.gz", "Uni2-VGA16.psf.gz", "Lat15-Fixed16.psf.gz",
                           "Lat15-Terminus16.psf.gz", "Uni3-Terminus32x16.psf.gz"}) {
    const PsfFont font = PsfFont::load(kFonts / name);
    ASSERT_TRUE(font.glyph_index(U' ').has_value()) << name;
    EXPECT_EQ(set_pixels(font, *font.glyph_index(U' ')), 0) << name;
    EXPECT_GT(set_pixels(font, *font.glyph_index(U'W')), 10) << name;
  }
}

TEST(PsfFont, DebianUni3Terminus32x16_IsPsf2With16PixelRows) {
  const PsfFont font = PsfFont::load(kFonts / "Uni3-Terminus32x16.psf.gz");
  EXPECT_EQ(font.width(), 16);
  EXPECT_EQ(font.height(), 32);
  EXPECT_EQ(font.glyph_count(), 512u);
  EXPECT_TRUE(font.glyph_index(U'\u2500').has_value());  // box drawing
}

TEST(PsfFont, EveryDebianConsoleFont_Loads) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kFonts)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".psf") == std::string::npos) continue;
    EXPECT_NO_THROW(PsfFont::load(entry.path())) << name;
    ++loaded;
  }
  EXPECT_GT(loaded, 100);
}

}  // namespace
}  // namespace mks::codecs
