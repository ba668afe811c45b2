#include "codecs/png.h"

#include <gtest/gtest.h>
#include <png.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"
#include "tests/unit/test_images.h"

namespace mks::codecs {
namespace {

// A PNG in any libpng format, for decoder tests. Rows are given in the PNG's own layout.
struct PngSpec {
  int width = 0;
  int height = 0;
  int bit_depth = 8;
  int color_type = PNG_COLOR_TYPE_RGB;
  bool interlaced = false;
  std::vector<png_color> palette;
  std::vector<png_byte> trns;
  std::vector<std::vector<png_byte>> rows;
};

void append_to(png_structp png, png_bytep data, png_size_t size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + size);
}

bool write_spec(png_structp png, png_infop info, const PngSpec& spec, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, spec.width, spec.height, spec.bit_depth, spec.color_type,
               spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!spec.palette.empty()) {
    png_set_PLTE(png, info, spec.palette.data(), static_cast<int>(spec.palette.size()));
  }
  if (!spec.trns.empty()) {
    png_set_tRNS(png, info, spec.trns.data(), static_cast<int>(spec.trns.size()), nullptr);
  }
  png_write_info(png, info);
  if (spec.bit_depth == 16) png_set_swap(png);  // rows below are little-endian u16
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

std::vector<std::uint8_t> make_png(const PngSpec& spec) {
  std::vector<std::uint8_t> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_set_write_fn(png, &out, append_to, nullptr);
  std::vector<png_bytep> rows;
  for (const auto& row : spec.rows) rows.push_back(const_cast<png_bytep>(row.data()));
  const bool ok = write_spec(png, info, spec, rows.data());
  png_destroy_write_struct(&png, &info);
  EXPECT_TRUE(ok);
  return out;
}

// A minimal PNG header whose IHDR claims any size (IDAT is a tiny valid stream).
std::vector<std::uint8_t> png_claiming(std::uint32_t w, std::uint32_t h) {
  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> ihdr = {'I', 'H', 'D', 'R'};
  append_be32(ihdr, w);
  append_be32(ihdr, h);
  for (std::uint8_t b : {8, 2, 0, 0, 0}) ihdr.push_back(b);
  append_be32(out, 13);
  append_bytes(out, ihdr);
  append_be32(out, static_cast<std::uint32_t>(crc32(0, ihdr.data(), ihdr.size())));
  const std::uint8_t iend[] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
  out.insert(out.end(), std::begin(iend), std::end(iend));
  return out;
}

TEST(Png, EncodeDecode_RoundTripsColours) {
  const Image image = testing::varied_image(37, 23);
  const Image decoded = decode_png(encode_png(image));
  EXPECT_EQ(decoded, image);
  EXPECT_EQ(alpha(decoded.at(5, 5)), 0xFF);  // opaque PNG
}

TEST(Png, Encode_EveryLevelAndFilter_RoundTrips) {
  const Image image = testing::varied_image(64, 40);
  for (int level : {0, 1, 3, 6, 9}) {
    for (bool adaptive : {false, true}) {
      EXPECT_EQ(decode_png(encode_png(image, {level, adaptive})), image) << level << adaptive;
    }
  }
}

TEST(Png, Encode_DropsTheTopByte) {
  Image image(2, 1, 0xAB010203);
  EXPECT_EQ(decode_png(encode_png(image)).at(1, 0) & 0x00FFFFFF, 0x010203u);
}

TEST(Png, Encode_EmptyImageThrows) {
  EXPECT_THROW(encode_png(Image()), std::invalid_argument);
}

TEST(Png, Decode_Grey1Bit_ExpandsToBlackAndWhite) {
  PngSpec spec{.width = 9, .height = 1, .bit_depth = 1, .color_type = PNG_COLOR_TYPE_GRAY};
  spec.rows = {{0b10100000, 0b10000000}};
  const Image image = decode_png(make_png(spec));
  EXPECT_EQ(image.at(0, 0) & 0xFFFFFF, 0xFFFFFFu);
  EXPECT_EQ(image.at(1, 0) & 0xFFFFFF, 0u);
  EXPECT_EQ(image.at(2, 0) & 0xFFFFFF, 0xFFFFFFu);
  EXPECT_EQ(image.at(8, 0) & 0xFFFFFF, 0xFFFFFFu);
}

TEST(Png, Decode_PaletteWithTransparency_GivesColourAndAlpha) {
  PngSpec spec{.width = 2, .height = 1, .bit_depth = 8, .color_type = PNG_COLOR_TYPE_PALETTE};
  spec.palette = {{0x10, 0x20, 0x30}, {0xA0, 0xB0, 0xC0}};
  spec.trns = {0x00};
  spec.rows = {{1, 0}};
  const Image image = decode_png(make_png(spec));
  EXPECT_EQ(image.at(0, 0), 0xFFA0B0C0u);
  EXPECT_EQ(image.at(1, 0), 0x00102030u);
}

TEST(Png, Decode_Rgba16_StripsToEightBits) {
  PngSpec spec{.width = 1, .height = 1, .bit_depth = 16, .color_type = PNG_COLOR_TYPE_RGBA};
  spec.rows = {{0x00, 0x12, 0x00, 0x34, 0x00, 0x56, 0x00, 0x80}};  // LE u16: R,G,B,A
  EXPECT_EQ(decode_png(make_png(spec)).at(0, 0), 0x80123456u);
}

TEST(Png, Decode_GreyAlpha_SpreadsGreyToRgb) {
  PngSpec spec{.width = 1, .height = 1, .color_type = PNG_COLOR_TYPE_GRAY_ALPHA};
  spec.rows = {{0x42, 0x7F}};
  EXPECT_EQ(decode_png(make_png(spec)).at(0, 0), 0x7F424242u);
}

TEST(Png, Decode_Interlaced_MatchesPlainImage) {
  const Image image = testing::varied_image(19, 13);
  PngSpec spec{.width = 19, .height = 13, .interlaced = true};
  for (int y = 0; y < 13; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 19; ++x) {
      const Pixel p = image.at(x, y);
      row.insert(row.end(), {red(p), green(p), blue(p)});
    }
    spec.rows.push_back(row);
  }
  EXPECT_EQ(decode_png(make_png(spec)), image);
}

TEST(Png, Decode_EveryTruncation_ThrowsDecodeError) {
  const auto png = encode_png(testing::varied_image(16, 16));
  for (std::size_t n = 0; n < png.size(); ++n) {
    EXPECT_THROW(decode_png(std::span(png).first(n)), DecodeError) << n;
  }
}

TEST(Png, Decode_CorruptedCrc_ThrowsDecodeError) {
  auto png = encode_png(testing::varied_image(16, 16));
  png[29] ^= 0xFF;  // inside IHDR's CRC
  EXPECT_THROW(decode_png(png), DecodeError);
}

TEST(Png, Decode_HugeClaimedSize_ThrowsBeforeAllocating) {
  EXPECT_THROW(decode_png(png_claiming(100000, 100000)), DecodeError);
  EXPECT_THROW(decode_png(png_claiming(Image::kMaxSide + 1, 1)), DecodeError);
}

TEST(Png, Decode_RandomBytes_ThrowDecodeError) {
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    std::vector<std::uint8_t> junk(rng() % 300);
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
    if (i % 2 == 0 && junk.size() >= 8) {
      const std::uint8_t sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
      std::copy(std::begin(sig), std::end(sig), junk.begin());
    }
    EXPECT_THROW(decode_png(junk), DecodeError);
  }
}

TEST(Png, DecodeInto_DrawsAtRectangle) {
  const Image tile = testing::varied_image(5, 4);
  Image fb(10, 10, 0);
  decode_png_into(encode_png(tile), fb, {3, 2, 5, 4});
  EXPECT_EQ(fb.crop({3, 2, 5, 4}), tile);
  EXPECT_EQ(fb.at(2, 2), 0u);
  EXPECT_EQ(fb.at(8, 2), 0u);
}

TEST(Png, DecodeInto_WrongSizeThrowsAndLeavesTargetUntouched) {
  Image fb(10, 10, 7);
  EXPECT_THROW(decode_png_into(encode_png(testing::varied_image(5, 4)), fb, {0, 0, 4, 5}),
               DecodeError);
  EXPECT_EQ(fb, Image(10, 10, 7));
  EXPECT_THROW(decode_png_into(encode_png(testing::varied_image(5, 4)), fb, {6, 0, 5, 4}),
               DecodeError);
}

TEST(Png, WriteFile_ThenReadFile_RoundTripsAndLeavesNoTemporary) {
  const auto dir = std::filesystem::temp_directory_path() / "mks_png_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const Image image = testing::varied_image(30, 20);
  write_png_file(image, dir / "shot.png");
  EXPECT_EQ(read_png_file(dir / "shot.png"), image);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  std::filesystem::remove_all(dir);
}

TEST(Png, WriteFile_MissingFolderThrowsNamingPath) {
  try {
    write_png_file(testing::varied_image(2, 2), "/nonexistent-mks-dir/x.png");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-mks-dir/x.png"), std::string::npos);
  }
}

TEST(Png, ReadFile_MissingFileThrowsRuntimeError) {
  EXPECT_THROW(read_png_file("/nonexistent-mks-dir/x.png"), std::runtime_error);
}

}  // namespace
}  // namespace mks::codecs
