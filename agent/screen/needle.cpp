#include "agent/screen/needle.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "codecs/png.h"

namespace mks::screen {
namespace {

using codecs::Image;
using codecs::Pixel;
using codecs::Rect;

constexpr Pixel kColourMask = 0x00FFFFFFu;
constexpr Pixel kBackgroundBit = 0x01000000u;

std::string describe_rect(const Rect& r) {
  return "x=" + std::to_string(r.x) + " y=" + std::to_string(r.y) + " w=" + std::to_string(r.w) +
         " h=" + std::to_string(r.h);
}

std::string fixed3(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", v);
  return text;
}

std::string shortest(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", v);
  return text;
}

std::string signed_shift(int dx, int dy) {
  char text[32];
  std::snprintf(text, sizeof text, "%+d,%+d", dx, dy);
  return text;
}

// The most common colour on the border of `r`: what surrounds the text of a console area.
Pixel border_colour(const Image& image, const Rect& r) {
  std::vector<Pixel> border;
  border.reserve(2 * static_cast<std::size_t>(r.w + r.h));
  for (int x = r.x; x < r.x + r.w; ++x) {
    border.push_back(image.at(x, r.y) & kColourMask);
    border.push_back(image.at(x, r.y + r.h - 1) & kColourMask);
  }
  for (int y = r.y; y < r.y + r.h; ++y) {
    border.push_back(image.at(r.x, y) & kColourMask);
    border.push_back(image.at(r.x + r.w - 1, y) & kColourMask);
  }
  std::sort(border.begin(), border.end());
  Pixel best = border.front();
  std::size_t best_run = 0;
  for (std::size_t i = 0; i < border.size();) {
    std::size_t j = i;
    while (j < border.size() && border[j] == border[i]) ++j;
    if (j - i > best_run) best_run = j - i, best = border[i];
    i = j;
  }
  return best;
}

bool close_enough(Pixel a, Pixel b) {
  const int dr = std::abs(static_cast<int>((a >> 16) & 0xFF) - static_cast<int>((b >> 16) & 0xFF));
  const int dg = std::abs(static_cast<int>((a >> 8) & 0xFF) - static_cast<int>((b >> 8) & 0xFF));
  const int db = std::abs(static_cast<int>(a & 0xFF) - static_cast<int>(b & 0xFF));
  return dr <= kPixelTolerance && dg <= kPixelTolerance && db <= kPixelTolerance;
}

// Counts mismatched pixels of a row span and those of them that are background in `ref`.
void compare_span_scalar(const Pixel* ref, const Pixel* scr, int n, std::size_t& mismatched,
                         std::size_t& on_background) {
  for (int i = 0; i < n; ++i) {
    const unsigned miss = close_enough(ref[i], scr[i]) ? 0u : 1u;
    mismatched += miss;
    on_background += miss & (ref[i] >> 24);
  }
}

#if defined(__SSE2__)
// Four pixels at a time (SSE2 is part of x86-64): per-byte |a - b| from two saturating
// subtractions, "over the tolerance" per byte, then per pixel ignoring the top byte; lane
// counters subtract the all-ones masks (popcount is a library call without -mpopcnt).
void compare_span(const Pixel* ref, const Pixel* scr, int n, std::size_t& mismatched,
                  std::size_t& on_background) {
  const __m128i tolerance = _mm_set1_epi8(static_cast<char>(kPixelTolerance));
  const __m128i colour = _mm_set1_epi32(static_cast<int>(kColourMask));
  const __m128i zero = _mm_setzero_si128();
  __m128i misses = zero;
  __m128i background_misses = zero;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ref + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(scr + i));
    const __m128i diff = _mm_or_si128(_mm_subs_epu8(a, b), _mm_subs_epu8(b, a));
    const __m128i over = _mm_and_si128(_mm_subs_epu8(diff, tolerance), colour);
    const __m128i miss = _mm_andnot_si128(_mm_cmpeq_epi32(over, zero), _mm_set1_epi32(-1));
    const __m128i background = _mm_srai_epi32(_mm_slli_epi32(a, 7), 31);  // kBackgroundBit
    misses = _mm_sub_epi32(misses, miss);
    background_misses = _mm_sub_epi32(background_misses, _mm_and_si128(miss, background));
  }
  alignas(16) std::uint32_t lanes[8];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), misses);
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes + 4), background_misses);
  mismatched += std::size_t{lanes[0]} + lanes[1] + lanes[2] + lanes[3];
  on_background += std::size_t{lanes[4]} + lanes[5] + lanes[6] + lanes[7];
  compare_span_scalar(ref + i, scr + i, n - i, mismatched, on_background);
}
#else
void compare_span(const Pixel* ref, const Pixel* scr, int n, std::size_t& mismatched,
                  std::size_t& on_background) {
  compare_span_scalar(ref, scr, n, mismatched, on_background);
}
#endif

// Reference pixels that have no screen pixel under them.
void count_outside(const Pixel* ref, int n, std::size_t& mismatched, std::size_t& on_background) {
  mismatched += static_cast<std::size_t>(n);
  for (int i = 0; i < n; ++i) on_background += ref[i] >> 24;
}

double content_similarity(std::size_t pixels, std::size_t content, std::size_t mismatched) {
  const double floor = kMinContentShare * static_cast<double>(pixels);
  const double denominator = std::max(static_cast<double>(content), floor);
  if (denominator <= 0) return 1.0;
  return 1.0 - static_cast<double>(mismatched) / denominator;
}

}  // namespace

double PixelDiff::similarity() const {
  return content_similarity(pixels, content, mismatched);
}

double PixelDiff::pixel_share() const {
  if (pixels == 0) return 1.0;
  return 1.0 - static_cast<double>(mismatched) / static_cast<double>(pixels);
}

Needle Needle::load(const std::filesystem::path& png, std::vector<NeedleArea> areas) {
  Needle needle;
  needle.name = png.filename().string();
  try {
    needle.reference = codecs::read_png_file(png);
  } catch (const std::exception& e) {
    throw NeedleError("needle " + png.string() + ": cannot read the reference PNG (" + e.what() +
                      ")");
  }
  needle.areas = std::move(areas);
  needle.validate();
  return needle;
}

void Needle::validate() const {
  const std::string prefix = "needle " + name + ": ";
  if (reference.empty()) throw NeedleError(prefix + "the reference image is empty");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const auto& a = areas[i];
    const std::string area = "area " + std::to_string(i + 1) + " (" + describe_rect(a.rect) + ")";
    if (a.rect.empty()) throw NeedleError(prefix + area + " is empty: give w and h above 0");
    if (!reference.contains(a.rect)) {
      throw NeedleError(prefix + area + " is outside the " + std::to_string(reference.width()) +
                        "x" + std::to_string(reference.height()) + " reference image");
    }
    if (!(a.similarity >= 0.0 && a.similarity <= 1.0)) {
      throw NeedleError(prefix + area + ": similarity " + shortest(a.similarity) +
                        " is outside 0..1");
    }
    if (a.margin < 0 || a.margin > kMaxMargin) {
      throw NeedleError(prefix + area + ": margin " + std::to_string(a.margin) + " is outside 0.." +
                        std::to_string(kMaxMargin));
    }
  }
}

std::vector<NeedleArea> Needle::effective_areas() const {
  if (!areas.empty()) return areas;
  return {NeedleArea{reference.bounds()}};
}

double NeedleMatch::worst() const {
  double low = 1.0;
  for (const auto& a : areas) low = std::min(low, a.similarity);
  return low;
}

std::string NeedleMatch::describe() const {
  std::string out = name + (ok ? ": match (" : ": no match (");
  for (std::size_t i = 0; i < areas.size(); ++i) {
    const auto& a = areas[i];
    if (i > 0) out += "; ";
    out += "area " + std::to_string(i + 1) + ": " + fixed3(a.similarity);
    if (a.ok) {
      out += " at " + signed_shift(a.dx, a.dy);
    } else {
      out += " < " + fixed3(a.required) + ", best at " + signed_shift(a.dx, a.dy);
    }
  }
  return out + ")";
}

AreaMatcher::AreaMatcher(const Image& reference, const NeedleArea& area) : area_(area) {
  const Rect& r = area.rect;
  const Pixel background = border_colour(reference, r);
  pixels_.resize(static_cast<std::size_t>(r.w) * static_cast<std::size_t>(r.h));
  Pixel* out = pixels_.data();
  for (int y = r.y; y < r.y + r.h; ++y) {
    const Pixel* in = reference.row(y) + r.x;
    for (int x = 0; x < r.w; ++x) {
      const Pixel p = in[x] & kColourMask;
      const bool is_background = p == background || close_enough(p, background);
      *out++ = is_background ? (p | kBackgroundBit) : p;
      foreground_ += is_background ? 0 : 1;
    }
  }
  for (int dy = -area.margin; dy <= area.margin; ++dy) {
    for (int dx = -area.margin; dx <= area.margin; ++dx) shifts_.push_back({dx, dy});
  }
  std::stable_sort(shifts_.begin(), shifts_.end(), [](Shift a, Shift b) {
    return a.dx * a.dx + a.dy * a.dy < b.dx * b.dx + b.dy * b.dy;
  });
}

Rect AreaMatcher::window() const {
  const Rect& r = area_.rect;
  const int m = area_.margin;
  return {r.x - m, r.y - m, r.w + 2 * m, r.h + 2 * m};
}

bool AreaMatcher::measure(const Image& screen, Shift s, double target, PixelDiff& out) const {
  const Rect& r = area_.rect;
  const std::size_t pixels = pixels_.size();
  const double floor = kMinContentShare * static_cast<double>(pixels);
  std::size_t mismatched = 0;
  std::size_t on_background = 0;
  const int sx = r.x + s.dx;
  const int lo = std::clamp(-sx, 0, r.w);
  const int hi = std::clamp(screen.width() - sx, lo, r.w);
  for (int row = 0; row < r.h; ++row) {
    const Pixel* ref = pixels_.data() + static_cast<std::size_t>(row) * r.w;
    const int sy = r.y + s.dy + row;
    if (sy < 0 || sy >= screen.height()) {
      count_outside(ref, r.w, mismatched, on_background);
    } else {
      count_outside(ref, lo, mismatched, on_background);
      compare_span(ref + lo, screen.row(sy) + sx + lo, hi - lo, mismatched, on_background);
      count_outside(ref + hi, r.w - hi, mismatched, on_background);
    }
    // Best reachable: later rows add mismatches, each at most one more content pixel.
    const double reachable =
        1.0 - static_cast<double>(mismatched) /
                  std::max(static_cast<double>(foreground_ + mismatched), floor);
    if (target > 0 && reachable < target) return false;
  }
  out = {pixels, foreground_ + on_background, mismatched};
  return true;
}

PixelDiff AreaMatcher::diff_at(const Image& screen, int dx, int dy) const {
  PixelDiff diff;
  measure(screen, {dx, dy}, 0.0, diff);
  return diff;
}

AreaMatch AreaMatcher::match(const Image& screen) const {
  PixelDiff best_diff;
  measure(screen, shifts_.front(), 0.0, best_diff);  // unshifted, measured in full
  Shift best = shifts_.front();
  double best_similarity = best_diff.similarity();
  for (std::size_t i = 1; i < shifts_.size() && best_diff.mismatched > 0; ++i) {
    PixelDiff diff;
    if (!measure(screen, shifts_[i], std::max(best_similarity, area_.similarity), diff)) continue;
    if (diff.similarity() > best_similarity) {
      best_diff = diff;
      best = shifts_[i];
      best_similarity = diff.similarity();
    }
  }
  const Rect& r = area_.rect;
  AreaMatch result;
  result.found = {r.x + best.dx, r.y + best.dy, r.w, r.h};
  result.similarity = best_similarity;
  result.ok = best_similarity >= area_.similarity;
  result.required = area_.similarity;
  result.dx = best.dx;
  result.dy = best.dy;
  return result;
}

NeedleMatch match(const Needle& needle, const Image& screen) {
  needle.validate();
  NeedleMatch result;
  result.name = needle.name;
  result.ok = true;
  for (const auto& area : needle.effective_areas()) {
    const AreaMatcher matcher(needle.reference, area);
    result.areas.push_back(matcher.match(screen));
    result.ok = result.ok && result.areas.back().ok;
  }
  return result;
}

}  // namespace mks::screen
