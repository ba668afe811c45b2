#include "codecs/zrle_decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "tests/unit/decoder_test_helpers.h"
#include "tests/unit/deflater.h"

namespace mks::codecs {
namespace {

using testing::Bytes;

void append_cpixel(Bytes& out, Pixel p) {
  out.insert(out.end(), {blue(p), green(p), red(p)});
}

std::vector<Pixel> tile_pixels(const Image& image, const Rect& t) {
  std::vector<Pixel> out;
  for (int y = t.y; y < t.y + t.h; ++y) {
    for (int x = t.x; x < t.x + t.w; ++x) out.push_back(image.at(x, y) & 0xFFFFFF);
  }
  return out;
}

void append_run_length(Bytes& out, std::size_t run) {
  for (run -= 1; run >= 255; run -= 255) out.push_back(255);
  out.push_back(static_cast<std::uint8_t>(run));
}

std::size_t index_of(const std::vector<Pixel>& palette, Pixel p) {
  return std::find(palette.begin(), palette.end(), p) - palette.begin();
}

// A tiny ZRLE encoder that uses the subencoding it is told to.
enum class Kind { kRaw, kSolid, kPacked, kPlainRle, kPaletteRle };

void encode_tile(Bytes& out, const std::vector<Pixel>& pixels, int tile_w, Kind kind,
                 const std::vector<Pixel>& palette) {
  switch (kind) {
    case Kind::kRaw:
      out.push_back(0);
      for (Pixel p : pixels) append_cpixel(out, p);
      break;
    case Kind::kSolid:
      out.push_back(1);
      append_cpixel(out, pixels[0]);
      break;
    case Kind::kPacked: {
      out.push_back(static_cast<std::uint8_t>(palette.size()));
      for (Pixel p : palette) append_cpixel(out, p);
      const int bits = palette.size() == 2 ? 1 : palette.size() <= 4 ? 2 : 4;
      for (std::size_t row = 0; row < pixels.size() / tile_w; ++row) {
        int used = 0;
        std::uint8_t byte = 0;
        for (int x = 0; x < tile_w; ++x) {
          byte |= index_of(palette, pixels[row * tile_w + x]) << (8 - bits - used);
          used += bits;
          if (used == 8) out.push_back(byte), byte = 0, used = 0;
        }
        if (used > 0) out.push_back(byte);
      }
      break;
    }
    case Kind::kPlainRle:
    case Kind::kPaletteRle: {
      const bool with_palette = kind == Kind::kPaletteRle;
      out.push_back(with_palette ? static_cast<std::uint8_t>(128 + palette.size()) : 128);
      for (Pixel p : with_palette ? palette : std::vector<Pixel>{}) append_cpixel(out, p);
      for (std::size_t i = 0; i < pixels.size();) {
        std::size_t run = 1;
        while (i + run < pixels.size() && pixels[i + run] == pixels[i]) ++run;
        if (with_palette) {
          const auto index = static_cast<std::uint8_t>(index_of(palette, pixels[i]));
          out.push_back(run == 1 ? index : index | 0x80);
          if (run > 1) append_run_length(out, run);
        } else {
          append_cpixel(out, pixels[i]);
          append_run_length(out, run);
        }
        i += run;
      }
      break;
    }
  }
}

// 130x66 is six tiles, one per kind of tile data (packed palettes of 2 and 5 colours).
struct Sample {
  Image picture{140, 70};
  Rect rect{5, 2, 130, 66};
  Bytes inflated;
};

Sample sample() {
  Sample s;
  const std::vector<Pixel> two = {rgb(0, 0, 0), rgb(250, 250, 250)};
  const std::vector<Pixel> five = {rgb(1, 2, 3), rgb(40, 50, 60), rgb(200, 0, 0), rgb(0, 200, 0),
                                   rgb(0, 0, 200)};
  struct TilePlan {
    Kind kind;
    std::vector<Pixel> palette;
  };
  const TilePlan plans[] = {{Kind::kRaw, {}},          {Kind::kSolid, {rgb(7, 8, 9)}},
                            {Kind::kPacked, two},      {Kind::kPlainRle, five},
                            {Kind::kPaletteRle, five}, {Kind::kPacked, five}};
  std::mt19937 random(3);
  int plan = 0;
  for (int y = s.rect.y; y < s.rect.y + s.rect.h; y += 64) {
    for (int x = s.rect.x; x < s.rect.x + s.rect.w; x += 64, ++plan) {
      const Rect tile{x, y, std::min(64, s.rect.x + s.rect.w - x),
                      std::min(64, s.rect.y + s.rect.h - y)};
      const TilePlan& p = plans[plan];
      for (int ty = tile.y; ty < tile.y + tile.h; ++ty) {
        for (int tx = tile.x; tx < tile.x + tile.w; ++tx) {
          Pixel px = random() & 0xFFFFFF;
          if (!p.palette.empty())
            px = p.palette[((tx / 3) + ty * 7 + (random() % 5 == 0)) % p.palette.size()];
          s.picture.set(tx, ty, px);
        }
      }
      encode_tile(s.inflated, tile_pixels(s.picture, tile), tile.w, p.kind, p.palette);
    }
  }
  return s;
}

TEST(ZrleDecoder, EveryTileKind_DecodesToThePicture) {
  Sample s = sample();
  testing::Deflater deflater;
  Image fb(140, 70);
  ZrleDecoder decoder;
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(s.inflated)), s.rect, fb);
  EXPECT_EQ(fb.crop(s.rect), s.picture.crop(s.rect));
}

TEST(ZrleDecoder, LongRuns_SpanRowsAndUse255Continuations) {
  Bytes tile = {128};
  append_cpixel(tile, rgb(10, 20, 30));
  append_run_length(tile, 600);  // 255, 255, 89
  append_cpixel(tile, rgb(90, 80, 70));
  append_run_length(tile, 64 * 10 - 600);
  ASSERT_EQ(tile[4], 255);
  testing::Deflater deflater;
  Image fb(64, 10);
  ZrleDecoder decoder;
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(tile)), {0, 0, 64, 10}, fb);
  EXPECT_EQ(fb.at(63, 8), rgb(10, 20, 30));  // pixel 575
  EXPECT_EQ(fb.at(24, 9), rgb(90, 80, 70));  // pixel 600
}

TEST(ZrleDecoder, StreamCarriesOverBetweenRectangles) {
  Sample s = sample();
  testing::Deflater deflater;
  ZrleDecoder decoder;
  Image fb(140, 70);
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(s.inflated)), s.rect, fb);
  fb = Image(140, 70);
  decode_whole(decoder, testing::with_u32_length(deflater.chunk(s.inflated)), s.rect, fb);
  EXPECT_EQ(fb.crop(s.rect), s.picture.crop(s.rect));
}

TEST(ZrleDecoder, RunPastTheTile_Throws) {
  Bytes tile = {128};
  append_cpixel(tile, rgb(1, 1, 1));
  append_run_length(tile, 17);
  testing::Deflater deflater;
  Image fb(4, 4);
  ZrleDecoder decoder;
  testing::expect_decode_error(
      [&] {
        decode_whole(decoder, testing::with_u32_length(deflater.chunk(tile)), {0, 0, 4, 4}, fb);
      },
      "overflows");
}

TEST(ZrleDecoder, BadTileData_Throws) {
  struct Case {
    Bytes tile;
    const char* fragment;
  };
  const Case cases[] = {
      {{17}, "subencoding 17"},
      {{129}, "subencoding 129"},
      {{2, 1, 1, 1, 2, 2, 2}, "ends early"},       // packed rows missing
      {{130, 1, 1, 1, 2, 2, 2, 0x05}, "index 5"},  // palette RLE index >= 2
      {{1, 1, 2, 3, 99}, "left after"},            // solid tile + a stray byte
  };
  for (const auto& c : cases) {
    testing::Deflater deflater;
    Image fb(4, 4);
    ZrleDecoder decoder;
    testing::expect_decode_error(
        [&] {
          decode_whole(decoder, testing::with_u32_length(deflater.chunk(c.tile)), {0, 0, 4, 4}, fb);
        },
        c.fragment);
  }
}

TEST(ZrleDecoder, OversizedLengthAndOutsideRectangle_Throw) {
  ZrleDecoder decoder;
  Image fb(16, 16);
  testing::expect_decode_error([&] { decoder.begin({10, 0, 7, 1}, fb); }, "outside");
  decoder.begin({0, 0, 16, 16}, fb);
  testing::expect_decode_error([&] { decoder.feed(Bytes{0x7F, 0, 0, 0}); }, "too large");
}

TEST(ZrleDecoder, HostilePayloads_NeverCrash) {
  Sample s = sample();
  testing::Deflater deflater;
  const Bytes valid = testing::with_u32_length(deflater.chunk(s.inflated));
  testing::expect_hostile_payloads_rejected([] { return std::make_unique<ZrleDecoder>(); }, valid,
                                            s.rect, 140, 70);
}

}  // namespace
}  // namespace mks::codecs
