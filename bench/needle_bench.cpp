// mks-bench-needle: what the needle similarity says about console text (one changed glyph,
// JPEG noise) and what matching costs on a 1024x768 console: a full match, and a
// NeedleWatch check on a still screen, with changes elsewhere and with a change over the area.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "agent/screen/needle.h"
#include "agent/screen/needle_watch.h"
#include "codecs/jpeg.h"
#include "codecs/psf_font.h"

namespace {

using mks::codecs::Image;
using mks::codecs::Pixel;
using mks::codecs::Rect;
using mks::codecs::rgb;
using mks::screen::AreaMatcher;
using mks::screen::Needle;
using mks::screen::NeedleArea;
using mks::screen::NeedleWatch;

constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr Pixel kInk = rgb(0xAA, 0xAA, 0xAA);
constexpr Pixel kPaper = rgb(0, 0, 0);
constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

// Median wall time in microseconds of `repetitions` runs of `work`.
double median_us(int repetitions, const std::function<void()>& work) {
  std::vector<double> times;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

const mks::codecs::PsfFont& font() {
  static const auto f = mks::codecs::PsfFont::load(kFont);
  return f;
}

void draw_text(Image& image, int x, int y, const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto glyph = font().glyph_index(static_cast<unsigned char>(text[i]));
    font().draw_glyph(image, glyph.value_or(0), x + static_cast<int>(i) * font().width(), y, kInk,
                      kPaper);
  }
}

// A boot log filling the screen, `first_line` lines scrolled away.
Image boot_log(int first_line) {
  Image image(kWidth, kHeight, kPaper);
  const std::string words = "[  OK  ] Started Load Kernel Modules. Reached target Network. ";
  const int columns = kWidth / font().width();
  for (int row = 0; row < kHeight / font().height(); ++row) {
    std::mt19937 rng(static_cast<unsigned>(first_line + row));
    const int length = 20 + static_cast<int>(rng() % static_cast<unsigned>(columns - 20));
    const std::size_t offset = rng() % words.size();
    std::string line;
    for (int col = 0; col < length; ++col) line += words[(offset + col) % words.size()];
    draw_text(image, 0, row * font().height(), line);
  }
  return image;
}

// Share of pixels whose largest channel difference exceeds each tolerance.
void print_noise(const Image& a, const Image& b, const std::string& label) {
  std::printf("  %-26s", label.c_str());
  for (int tolerance : {8, 16, 32, 48, 64, 96}) {
    std::size_t over = 0;
    for (int y = 0; y < a.height(); ++y) {
      for (int x = 0; x < a.width(); ++x) {
        const Pixel p = a.at(x, y);
        const Pixel q = b.at(x, y);
        int d = 0;
        for (int shift : {0, 8, 16}) {
          d = std::max(d, std::abs(static_cast<int>((p >> shift) & 0xFF) -
                                   static_cast<int>((q >> shift) & 0xFF)));
        }
        over += d > tolerance;
      }
    }
    std::printf(" %7.3f%%", 100.0 * static_cast<double>(over) / (a.width() * a.height()));
  }
  std::printf("\n");
}

void similarity_figures() {
  Image reference(720, 400, kPaper);
  const Rect area{90, 96, 200, 48};
  auto draw = [&](Image& image, const std::string& second) {
    draw_text(image, 90, 96, "Welcome to Debian");
    draw_text(image, 90, 112, second);
    draw_text(image, 90, 128, "Password:");
  };
  draw(reference, "debian login: root");
  const AreaMatcher matcher(reference, {area, 0.95, 0});
  std::printf(
      "Similarity of a 200x48 console text area (3 lines), content measure vs pixel share:\n");
  auto row = [&](const std::string& label, const Image& screen) {
    const auto diff = matcher.diff_at(screen, 0, 0);
    std::printf("  %-34s content %.4f   pixel share %.4f   (%zu of %zu pixels differ)\n",
                label.c_str(), diff.similarity(), diff.pixel_share(), diff.mismatched, diff.pixels);
  };
  for (const char* second : {"debian logon: root", "debian login: admin", "ubuntu login: root"}) {
    Image screen(720, 400, kPaper);
    draw(screen, second);
    row(std::string("'") + second + "'", screen);
  }
  for (int quality : {30, 50, 75, 90}) {
    row("JPEG quality " + std::to_string(quality),
        mks::codecs::decode_jpeg(mks::codecs::encode_jpeg(reference, quality)));
  }
  std::printf("\nJPEG noise on the text area: pixels whose largest channel difference exceeds\n");
  std::printf("  %-26s %8s %8s %8s %8s %8s %8s\n", "", ">8", ">16", ">32", ">48", ">64", ">96");
  const Image text = reference.crop(area);
  for (int quality : {30, 50, 75, 90}) {
    print_noise(text, mks::codecs::decode_jpeg(mks::codecs::encode_jpeg(text, quality)),
                "quality " + std::to_string(quality));
  }
}

void timing_figures() {
  const Image screen = boot_log(0);
  const Image scrolled = boot_log(1);  // every text line different
  std::printf("\nCost on a %dx%d boot log, median (us):\n", kWidth, kHeight);
  std::printf("  %-9s %6s %9s %9s %9s %9s %9s %9s\n", "area", "margin", "match", "match", "check",
              "check", "check", "check");
  std::printf("  %-9s %6s %9s %9s %9s %9s %9s %9s\n", "", "", "found", "none", "still", "elsewhere",
              "found", "none");
  const std::vector<Rect> elsewhere = {{900, 700, 64, 64}, {0, 0, 64, 16}, {800, 0, 64, 64}};
  for (const Rect size : {Rect{0, 0, 64, 16}, Rect{0, 0, 200, 50}, Rect{0, 0, 400, 100}}) {
    for (int margin : {0, 8}) {
      const Rect area{300, 320, size.w, size.h};
      const Needle needle{"bench.png", screen, {NeedleArea{area, 0.95, margin}}};
      // The content 3 pixels right and 2 down of the reference (at the shift, when margin > 0).
      Image found(kWidth, kHeight, kPaper);
      const int shift = margin > 0 ? 3 : 0;
      found.blit(screen.crop({0, 0, kWidth - shift, kHeight - shift}), shift, shift * 2 / 3);
      const int reps = 200;
      const double match_found = median_us(reps, [&] { mks::screen::match(needle, found); });
      const double match_none = median_us(reps, [&] { mks::screen::match(needle, scrolled); });
      NeedleWatch watch(needle);
      watch.check(found, {});
      const double still = median_us(reps, [&] { watch.check(found, {}); });
      const double other = median_us(reps, [&] { watch.check(found, elsewhere); });
      const std::vector<Rect> over = {{area.x, area.y, 64, 64}};
      const double changed_found = median_us(reps, [&] { watch.check(found, over); });
      const double changed_none = median_us(reps, [&] { watch.check(scrolled, over); });
      const std::string label = std::to_string(size.w) + "x" + std::to_string(size.h);
      std::printf("  %-9s %6d %9.1f %9.1f %9.3f %9.3f %9.1f %9.1f\n", label.c_str(), margin,
                  match_found, match_none, still, other, changed_found, changed_none);
      if (!mks::screen::match(needle, found).ok || mks::screen::match(needle, scrolled).ok) {
        std::printf("  (unexpected match result for %s)\n", label.c_str());
      }
    }
  }
  std::printf(
      "  match: full search; check: NeedleWatch with no dirty rectangle (still), three\n"
      "  away from the area (elsewhere), one 64x64 over it (content found / not there)\n");
}

}  // namespace

int main() {
  similarity_figures();
  timing_figures();
  return 0;
}
