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
// Rounds: as many as fit in kRoundBudgetSeconds, within these bounds.
constexpr int kMinRounds = 11;
constexpr int kMaxRounds = 301;
constexpr double kRoundBudgetSeconds = 2.0;
// A call shorter than this is timed right after an untimed call of the same work, so its
// buffers are as warm as when a session decodes frame after frame, whatever ran before it.
constexpr double kWarmUpBelowSeconds = 1e-3;
constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

double seconds_of(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Timing {
  std::vector<double> median_seconds;  // one per work
  int rounds = 0;
};

// Median seconds of one call of each of `works`. Each round times every work once, in turn,
// so a busy spell of the shared machine or a change of clock speed slows them alike and the
// ratios between them hold. A sample is one call: on a shared machine a longer sample
// (repeated calls) often spans a preemption, and then the median does too.
Timing time_side_by_side(const std::vector<std::function<void()>>& works) {
  std::vector<bool> warm_up;
  double round_seconds = 0;
  for (const auto& work : works) {
    work();  // faults in whatever the work allocates
    const double once = seconds_of(work);
    warm_up.push_back(once < kWarmUpBelowSeconds);
    round_seconds += once * (warm_up.back() ? 2 : 1);
  }
  const int rounds =
      std::clamp(static_cast<int>(kRoundBudgetSeconds / round_seconds), kMinRounds, kMaxRounds);
  std::vector<std::vector<double>> samples(works.size());
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t i = 0; i < works.size(); ++i) {
      if (warm_up[i]) works[i]();
      samples[i].push_back(seconds_of(works[i]));
    }
  }
  Timing timing{{}, rounds};
  for (auto& times : samples) {
    std::sort(times.begin(), times.end());
    timing.median_seconds.push_back(times[times.size() / 2]);
  }
  return timing;
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

struct Case {
  std::string name;
  double megapixels;
  std::function<void()> work;
};

struct Result {
  std::string name;
  double seconds;
  double megapixels;
};

// Times the cases side by side; results in the cases' order. Prints the section's heading.
std::vector<Result> run(const char* heading, const std::vector<Case>& cases) {
  std::vector<std::function<void()>> works;
  for (const Case& c : cases) works.push_back(c.work);
  const Timing timing = time_side_by_side(works);
  std::printf("%s, median of %d rounds:\n", heading, timing.rounds);
  std::vector<Result> results;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    results.push_back({cases[i].name, timing.median_seconds[i], cases[i].megapixels});
  }
  return results;
}

void print(const Result& r, const Result& reference, const char* reference_name) {
  std::printf("  %-34s %9.3f ms  %9.1f MP/s  %6.2fx %s\n", r.name.c_str(), r.seconds * 1e3,
              r.megapixels / r.seconds, reference.seconds / r.seconds, reference_name);
}

// The yardstick copies the whole frame: as many bytes written as each decode below writes.
void bench_decoders(const Image& frame) {
  const double mp = kWidth * kHeight / 1e6;
  Image fb(kWidth, kHeight);
  const auto* frame_bytes = reinterpret_cast<const std::uint8_t*>(frame.pixels().data());
  const std::span<const std::uint8_t> raw(frame_bytes, frame.pixels().size_bytes());
  const std::vector<std::uint8_t> src = {0, 0, 0, 16};
  const std::vector<std::uint8_t> fill = {0x80, 1, 2, 3};
  const auto rects = tiles();
  const auto results =
      run("Decode, 1024x768 console frame",
          {
              {"memcpy", mp,
               [&] { std::memcpy(fb.pixels().data(), frame.pixels().data(), raw.size()); }},
              {"raw (one rect)", mp, [&] { mks::codecs::decode_raw(raw, fb.bounds(), fb); }},
              {"copyrect (scroll 16 lines)", kWidth * (kHeight - 16) / 1e6,
               [&] {
                 mks::codecs::decode_copyrect(src, {0, 0, kWidth, kHeight - 16}, fb);
               }},
              {"tightpng-fill (64x64 tiles)", mp,
               [&] {
                 for (const Rect& r : rects) mks::codecs::tightpng::decode(fill, r, fb);
               }},
          });
  for (const Result& r : results) print(r, results[0], "memcpy");
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
  const std::string heading = "PNG decode (payload " + std::to_string(png.size()) +
                              " bytes one rect, level " +
                              std::to_string(options.compression_level) + ", filter " +
                              (options.adaptive_filter ? "adaptive" : "none") + ")";
  const auto results = run(
      heading.c_str(), {
                           {"plain libpng (one image)", mp, [&] { plain_libpng_decode(png, out); }},
                           {"tightpng-png (one rect)", mp,
                            [&] { mks::codecs::tightpng::decode(whole, fb.bounds(), fb); }},
                           {"plain libpng (64x64 tiles)", mp,
                            [&] {
                              for (const auto& p : tile_pngs) plain_libpng_decode(p, out);
                            }},
                           {"tightpng-png (64x64 tiles)", mp,
                            [&] {
                              for (std::size_t i = 0; i < rects.size(); ++i) {
                                mks::codecs::tightpng::decode(tile_payloads[i], rects[i], fb);
                              }
                            }},
                       });
  print(results[0], results[0], "plain libpng");
  print(results[1], results[0], "plain libpng");
  print(results[2], results[2], "plain libpng tiles");
  print(results[3], results[2], "plain libpng tiles");
}

void bench_tightpng_encoder(const Image& frame) {
  const double mp = kWidth * kHeight / 1e6;
  const auto rects = tiles();
  const Image solid(kWidth, kHeight, rgb(0, 0, 170));
  const auto results = run("TightPNG encode (default PNG options)",
                           {
                               {"console -> png (one rect)", mp,
                                [&] { mks::codecs::tightpng::encode(frame, frame.bounds()); }},
                               {"solid frame -> fill (one rect)", mp,
                                [&] { mks::codecs::tightpng::encode(solid, solid.bounds()); }},
                               {"console -> fill/png (64x64 tiles)", mp,
                                [&] {
                                  for (const Rect& r : rects)
                                    mks::codecs::tightpng::encode(frame, r);
                                }},
                           });
  for (const Result& r : results) print(r, results[0], "one-rect png encode");
}

void bench_png_encode(const char* name, const Image& frame) {
  std::vector<mks::codecs::PngEncodeOptions> settings;
  for (int level : {1, 3, 6}) {
    for (bool adaptive : {false, true}) settings.push_back({level, adaptive});
  }
  std::vector<std::size_t> sizes(settings.size());
  std::vector<Case> cases;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    cases.push_back({"", kWidth * kHeight / 1e6,
                     [&, i] { sizes[i] = mks::codecs::encode_png(frame, settings[i]).size(); }});
  }
  const std::string heading = std::string("PNG encode ") + name + " 1024x768";
  const auto results = run(heading.c_str(), cases);
  const mks::codecs::PngEncodeOptions defaults;
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const auto& o = settings[i];
    const bool is_default = o.compression_level == defaults.compression_level &&
                            o.adaptive_filter == defaults.adaptive_filter;
    std::printf("  level %d filter %-8s %8.2f ms  %9zu bytes%s\n", o.compression_level,
                o.adaptive_filter ? "adaptive" : "none", results[i].seconds * 1e3, sizes[i],
                is_default ? "  (default)" : "");
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
