#include "agent/screen/vga_bios_font.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

namespace mks::screen {
namespace {

constexpr std::size_t kGlyphs = 256;
constexpr std::size_t kHeight = 16;

// How the font starts in the ROM: glyph 0 blank, glyph 1 CP437's smiley (IBM's pattern,
// which every VGA BIOS font shares).
constexpr std::array<std::uint8_t, 2 * kHeight> kFontStart = {
    0, 0, 0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0, 0, 0, 0,
    0, 0, 0x7e, 0x81, 0xa5, 0x81, 0x81, 0xbd, 0x99, 0x81, 0x81, 0x7e, 0, 0, 0, 0};

// CP437 0x80-0xFF as Unicode.
constexpr std::array<std::uint16_t, 128> kCp437High = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF,
    0x00EE, 0x00EC, 0x00C4, 0x00C5, 0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192, 0x00E1, 0x00ED, 0x00F3, 0x00FA,
    0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557,
    0x255D, 0x255C, 0x255B, 0x2510, 0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567, 0x2568, 0x2564, 0x2565, 0x2559,
    0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4,
    0x221E, 0x03C6, 0x03B5, 0x2229, 0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

void put_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

// A PSF1 font (256 glyphs, Unicode table) of the bitmaps: printable ASCII and CP437's upper
// half get their characters; the control-code pictures stay unmapped.
std::vector<std::uint8_t> psf1_of(std::span<const std::uint8_t> bitmaps) {
  constexpr std::uint8_t kPsf1HasTable = 0x02;
  std::vector<std::uint8_t> psf = {0x36, 0x04, kPsf1HasTable, kHeight};
  psf.insert(psf.end(), bitmaps.begin(), bitmaps.end());
  for (std::size_t glyph = 0; glyph < kGlyphs; ++glyph) {
    if (glyph >= 0x20 && glyph < 0x7F) put_u16(psf, static_cast<std::uint16_t>(glyph));
    if (glyph >= 0x80) put_u16(psf, kCp437High[glyph - 0x80]);
    put_u16(psf, 0xFFFF);
  }
  return psf;
}

}  // namespace

std::optional<codecs::PsfFont> load_vga_bios_font(const std::filesystem::path& rom) {
  std::ifstream in(rom, std::ios::binary);
  if (!in) return std::nullopt;
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
  const auto at = std::search(bytes.begin(), bytes.end(), kFontStart.begin(), kFontStart.end());
  if (bytes.end() - at < static_cast<std::ptrdiff_t>(kGlyphs * kHeight)) return std::nullopt;
  const auto psf = psf1_of({&*at, kGlyphs * kHeight});
  return codecs::PsfFont::parse(psf);
}

}  // namespace mks::screen
