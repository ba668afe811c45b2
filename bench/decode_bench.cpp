// mks-bench-codecs: decode throughput of the rectangle encodings on a 1024x768 console-like
// frame, against memcpy and a plain libpng decode, plus PNG screenshot encode cost.
#include <png.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "codecs/copyrect_decoder.h"
#include "codecs/png.h"
#include "codecs/psf_font.h"
#include "codecs/raw_decoder.h"
#include "codecs/tightpng_decoder.h"
#include "codecs/tightpng_encoder.h"

namespace {

using mks::codecs::Image;
using mks::codecs::Pixel;
using mks::codecs::Rect;
using mks::codecs::rgb;

constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr int kTile = 64;
constexpr int kRepetitions = 15;
constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

// Median wall time in seconds of `kRepetitions` runs of `work`.
double median_seconds(const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < kRepetitions; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

// A boot log: black screen, grey text on most lines, a blue status bar, a blank bottom third.
Image console_frame() {
  const auto font = mks::codecs::PsfFont::load(kFont);
  Image image(kWidth, kHeight, rgb(0, 0, 0));
  std::mt19937 rng(1);
  const std::string words = "[  OK  ] Started Load Kernel Modules. Reached target Network. ";
  const int columns = kWidth / font.width();
  for (int row = 0; row < 32; ++row) {
    const int length = 20 + static_cast<int>(rng() % (columns - 20));
    const std::size_t offset = rng() % words.size();
    for (int col = 0; col < length; ++col) {
      const auto glyph =
          font.glyph_index(static_cast<unsigned char>(words[(offset + col) % words.size()]));
      font.draw_glyph(image, glyph.value_or(0), col * font.width(), row * font.height(),
                      rgb(170, 170, 170), rgb(0, 0, 0));
    }
  }
  image.fill({0, 33 * font.height(), kWidth, font.height()}, rgb(0, 0, 170));
  return image;
}

Image photo_frame() {
  Image image(kWidth, kHeight);
  std::mt19937 rng(2);
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const int noise = static_cast<int>(rng() % 24);
      image.set(x, y,
                rgb(static_cast<std::uint8_t>((x / 5 + noise) & 0xFF),
                    static_cast<std::uint8_t>((y / 4 + noise) & 0xFF),
                    static_cast<std::uint8_t>(((x + y) / 9 + noise) & 0xFF)));
    }
  }
  return image;
}

std::vector<Rect> tiles() {
  std::vector<Rect> out;
  for (int y = 0; y < kHeight; y += kTile) {
    for (int x = 0; x < kWidth; x += kTile) {
      out.push_back({x, y, std::min(kTile, kWidth - x), std::min(kTile, kHeight - y)});
    }
  }
  return out;
}

std::vector<std::uint8_t> png_payload(const Image& image, const mks::codecs::PngEncodeOptions& o) {
  const auto png = mks::codecs::encode_png(image, o);
  std::vector<std::uint8_t> out = {mks::codecs::tightpng::kPng};
  mks::codecs::tightpng::append_compact_length(out, png.size());
  out.insert(out.end(), png.begin(), png.end());
  return out;
}

// The baseline: libpng's own simplified API decoding into a BGRA buffer.
void plain_libpng_decode(const std::vector<std::uint8_t>& png, std::vector<std::uint8_t>& out) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  png_image_begin_read_from_memory(&image, png.data(), png.size());
  image.format = PNG_FORMAT_BGRA;
  out.resize(PNG_IMAGE_SIZE(image));
  png_image_finish_read(&image, nullptr, out.data(), 0, nullptr);
  png_image_free(&image);
}

struct Result {
  std::string name;
  double seconds;
  double megapixels;
};

void print(const Result& r, double reference_seconds, const char* reference) {
  std::printf("  %-34s %9.2f ms  %9.1f MP/s  %6.2fx %s\n", r.name.c_str(), r.seconds * 1e3,
              r.megapixels / r.seconds, reference_seconds / r.seconds, reference);
}

void bench_decoders(const Image& frame) {
  const double mp = kWidth * kHeight / 1e6;
  Image fb(kWidth, kHeight);
  const auto* frame_bytes = reinterpret_cast<const std::uint8_t*>(frame.pixels().data());
  const std::span<const std::uint8_t> raw(frame_bytes, frame.pixels().size_bytes());
  const Result copy{"memcpy", median_seconds([&] {
                      std::memcpy(fb.pixels().data(), frame.pixels().data(), raw.size());
                    }),
                    mp};
  const Result raw_r{"raw (one rect)",
                     median_seconds([&] { mks::codecs::decode_raw(raw, fb.bounds(), fb); }), mp};
  const std::vector<std::uint8_t> src = {0, 0, 0, 16};
  const Result copyrect{"copyrect (scroll 16 lines)", median_seconds([&] {
                          mks::codecs::decode_copyrect(src, {0, 0, kWidth, kHeight - 16}, fb);
                        }),
                        kWidth * (kHeight - 16) / 1e6};
  const std::vector<std::uint8_t> fill = {0x80, 1, 2, 3};
  const auto rects = tiles();
  const Result fill_r{"tightpng-fill (64x64 tiles)", median_seconds([&] {
                        for (const Rect& r : rects) mks::codecs::tightpng::decode(fill, r, fb);
                      }),
                      mp};
  std::printf("Decode, 1024x768 console frame, median of %d:\n", kRepetitions);
  print(copy, copy.seconds, "memcpy");
  print(raw_r, copy.seconds, "memcpy");
  print(copyrect, copy.seconds, "memcpy");
  print(fill_r, copy.seconds, "memcpy");
}

void bench_png_decoders(const Image& frame) {
  const double mp = kWidth * kHeight / 1e6;
  const mks::codecs::PngEncodeOptions options;
  Image fb(kWidth, kHeight);
  const auto whole = png_payload(frame, options);
  const std::vector<std::uint8_t> png(whole.begin() + 4, whole.end());  // 3-byte length here
  std::vector<std::vector<std::uint8_t>> tile_payloads;
  std::vector<std::vector<std::uint8_t>> tile_pngs;
  const auto rects = tiles();
  for (const Rect& r : rects) {
    tile_payloads.push_back(png_payload(frame.crop(r), options));
    tile_pngs.push_back(mks::codecs::encode_png(frame.crop(r), options));
  }
  std::vector<std::uint8_t> out;
  const Result plain{"plain libpng (one image)",
                     median_seconds([&] { plain_libpng_decode(png, out); }), mp};
  const Result plain_tiles{"plain libpng (64x64 tiles)", median_seconds([&] {
                             for (const auto& p : tile_pngs) plain_libpng_decode(p, out);
                           }),
                           mp};
  const Result one{"tightpng-png (one rect)",
                   median_seconds([&] { mks::codecs::tightpng::decode(whole, fb.bounds(), fb); }),
                   mp};
  const Result tiled{"tightpng-png (64x64 tiles)", median_seconds([&] {
                       for (std::size_t i = 0; i < rects.size(); ++i) {
                         mks::codecs::tightpng::decode(tile_payloads[i], rects[i], fb);
                       }
                     }),
                     mp};
  std::printf("PNG decode (payload %zu bytes one rect, level %d, filter %s):\n", png.size(),
              options.compression_level, options.adaptive_filter ? "adaptive" : "none");
  print(plain, plain.seconds, "plain libpng");
  print(one, plain.seconds, "plain libpng");
  print(plain_tiles, plain_tiles.seconds, "plain libpng tiles");
  print(tiled, plain_tiles.seconds, "plain libpng tiles");
}

void bench_tightpng_encoder(const Image& frame) {
  const double mp = kWidth * kHeight / 1e6;
  const auto rects = tiles();
  const Image solid(kWidth, kHeight, rgb(0, 0, 170));
  const Result fill{"solid frame -> fill (one rect)",
                    median_seconds([&] { mks::codecs::tightpng::encode(solid, solid.bounds()); }),
                    mp};
  const Result one{"console -> png (one rect)",
                   median_seconds([&] { mks::codecs::tightpng::encode(frame, frame.bounds()); }),
                   mp};
  const Result tiled{"console -> fill/png (64x64 tiles)", median_seconds([&] {
                       for (const Rect& r : rects) mks::codecs::tightpng::encode(frame, r);
                     }),
                     mp};
  std::printf("TightPNG encode (default PNG options):\n");
  print(fill, one.seconds, "one-rect png encode");
  print(one, one.seconds, "one-rect png encode");
  print(tiled, one.seconds, "one-rect png encode");
}

void bench_png_encode(const char* name, const Image& frame) {
  std::printf("PNG encode %s 1024x768 (median of %d):\n", name, kRepetitions);
  for (int level : {1, 3, 6}) {
    for (bool adaptive : {false, true}) {
      const mks::codecs::PngEncodeOptions options{level, adaptive};
      std::size_t size = 0;
      const double s =
          median_seconds([&] { size = mks::codecs::encode_png(frame, options).size(); });
      const bool is_default =
          options.compression_level == mks::codecs::PngEncodeOptions{}.compression_level &&
          adaptive == mks::codecs::PngEncodeOptions{}.adaptive_filter;
      std::printf("  level %d filter %-8s %8.2f ms  %9zu bytes%s\n", level,
                  adaptive ? "adaptive" : "none", s * 1e3, size, is_default ? "  (default)" : "");
    }
  }
}

}  // namespace

int main() {
  const Image console = console_frame();
  const Image photo = photo_frame();
  bench_decoders(console);
  bench_png_decoders(console);
  bench_tightpng_encoder(console);
  bench_png_encode("console", console);
  bench_png_encode("photo-like", photo);
  return 0;
}
