#include "agent/screen/vga_bios_font.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "agent/screen/text_reader.h"

namespace mks::screen {
namespace {

namespace fs = std::filesystem;

// The rows of `c`'s glyph, one byte per row (bit 7 = leftmost pixel).
std::vector<int> glyph_rows(const codecs::PsfFont& font, char32_t c) {
  std::vector<int> rows;
  const auto index = font.glyph_index(c);
  if (!index) return rows;
  for (int y = 0; y < font.height(); ++y) {
    int bits = 0;
    for (int x = 0; x < 8; ++x) bits |= font.pixel(*index, x, y) ? 0x80 >> x : 0;
    rows.push_back(bits);
  }
  return rows;
}

fs::path write_file(const std::string& name, const std::vector<char>& bytes) {
  const fs::path path = fs::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
  return path;
}

class VgaBiosFont : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSeaBiosVgaRom)) GTEST_SKIP() << kSeaBiosVgaRom << " (seabios) missing";
  }
};

TEST_F(VgaBiosFont, SeaBiosRom_GivesThe8x16FontWithCp437Characters) {
  const auto font = load_vga_bios_font();
  ASSERT_TRUE(font);
  EXPECT_EQ(font->width(), 8);
  EXPECT_EQ(font->height(), 16);
  // 'v' as QEMU shows it in GRUB (pointed, unlike Debian's console fonts).
  EXPECT_EQ(glyph_rows(*font, U'v'), (std::vector<int>{0, 0, 0, 0, 0, 0xc3, 0xc3, 0xc3, 0xc3, 0x66,
                                                       0x3c, 0x18, 0, 0, 0, 0}));
  EXPECT_TRUE(font->glyph_index(U'┌'));  // CP437 0xDA
  EXPECT_EQ(font->glyph_index(U'┌'), 0xDAu);
  EXPECT_EQ(font->glyph_index(U'A'), 0x41u);
}

TEST_F(VgaBiosFont, DefaultReader_KnowsIt) {
  const auto names = FontTextReader::with_default_fonts().font_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "SeaBIOS-VGA16"), names.end());
}

TEST(VgaBiosFontHostile, MissingOrTruncatedRom_GivesNothing) {
  EXPECT_FALSE(load_vga_bios_font("/nonexistent/vgabios.bin"));
  EXPECT_FALSE(load_vga_bios_font(write_file("no-font.bin", std::vector<char>(8192, '\x55'))));
  std::vector<char> truncated(16, 0);  // glyph 0, then the smiley, then the ROM ends
  for (int b : {0, 0, 0x7e, 0x81, 0xa5, 0x81, 0x81, 0xbd, 0x99, 0x81, 0x81, 0x7e, 0, 0, 0, 0}) {
    truncated.push_back(static_cast<char>(b));
  }
  EXPECT_FALSE(load_vga_bios_font(write_file("truncated.bin", truncated)));
}

}  // namespace
}  // namespace mks::screen
