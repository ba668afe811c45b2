#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "agent/errors.h"
#include "codecs/image.h"

namespace mks::screen {

// A needle that cannot be used: unreadable reference, area outside it, bad similarity or
// margin. The message names the file and the area and says what is allowed.
class NeedleError : public AgentError {
  using AgentError::AgentError;
};

// Similarity of an area of the reference and the same-sized part of the screen:
//
//   similarity = 1 - mismatched / max(content, kMinContentShare * pixels)
//
// A pixel is *mismatched* when one of its channels differs by more than kPixelTolerance.
// The *background* of an area is the most common colour on its border; *content* is every
// pixel that is not background in the reference, plus every mismatched pixel that is
// background there (something appeared on it). So the measure is the share of the content
// that matches, not of the area. Measured on a 200x48 console text area (mks-bench-needle):
// one changed glyph scores 0.968 but 0.996 as a share of pixels; "login: admin" for
// "login: root" scores 0.908, while its pixel share, 0.988, would pass the usual 0.95.
// The tolerance: JPEG at quality 75 and 90 stays within 48 everywhere on console text
// (quality 50 leaves 0.4% of pixels over it: 0.966), and VGA colours differ by 85 or more
// in some channel, so 48 hides the codec without merging colours.
// An area of one colour counts at least kMinContentShare of its pixels as content, so there
// 0.95 allows 0.5% of the pixels to differ instead of none. Pixels off the screen mismatch.
inline constexpr int kPixelTolerance = 48;
inline constexpr double kMinContentShare = 0.1;
// The search costs (2 * margin + 1)^2 comparisons at worst; beyond this it is a mistake.
inline constexpr int kMaxMargin = 64;

struct NeedleArea {
  codecs::Rect rect;         // in reference pixels; expected at the same place on the screen
  double similarity = 0.95;  // required, 0..1
  int margin = 0;            // the area may appear shifted by up to this in x and in y
};

struct Needle {
  std::string name;  // file name, for messages
  codecs::Image reference;
  std::vector<NeedleArea> areas;  // empty: the whole reference, similarity 0.95, margin 0

  // Reads the PNG and checks the areas. Throws NeedleError.
  static Needle load(const std::filesystem::path& png, std::vector<NeedleArea> areas = {});
  // Throws NeedleError for an empty reference, an empty area or one outside the reference,
  // a similarity outside 0..1, a margin outside 0..kMaxMargin.
  void validate() const;
  // The areas to compare (the whole reference when `areas` is empty).
  std::vector<NeedleArea> effective_areas() const;
};

struct AreaMatch {
  codecs::Rect found;  // where the area was compared on the screen (best shift)
  double similarity = 0;
  bool ok = false;
  double required = 0;  // the area's similarity, for messages
  int dx = 0, dy = 0;   // found minus the area's place in the reference
};

struct NeedleMatch {
  std::string name;  // the needle's
  bool ok = false;   // every area reached its similarity
  std::vector<AreaMatch> areas;
  double worst() const;  // lowest similarity of all areas (1 without areas)
  // One line: "login.png: match (area 1: 1.000 at +0,+0)" or
  // "login.png: no match (area 1: 0.870 < 0.950, best at +2,-1; area 2: ...)".
  std::string describe() const;
};

// Pixel counts of one comparison and the measures made of them.
struct PixelDiff {
  std::size_t pixels = 0;
  std::size_t content = 0;  // see the similarity definition above
  std::size_t mismatched = 0;
  double similarity() const;
  double pixel_share() const;  // 1 - mismatched / pixels, for comparison only
};

// One area prepared for repeated matching: its reference pixels, their background flags and
// the search order of shifts, computed once.
class AreaMatcher {
 public:
  AreaMatcher(const codecs::Image& reference, const NeedleArea& area);

  const NeedleArea& area() const { return area_; }
  // The screen pixels the result can depend on: the area grown by the margin.
  codecs::Rect window() const;
  // Best shift within the margin; ties go to the smallest shift, a perfect match stops the
  // search. A shift stops being measured as soon as it can no longer beat both the required
  // similarity and the best so far, so for an area that does not match `similarity` is the
  // best fully measured one (at least that of the unshifted position).
  AreaMatch match(const codecs::Image& screen) const;
  // The full comparison at one shift (no early exit).
  PixelDiff diff_at(const codecs::Image& screen, int dx, int dy) const;

 private:
  struct Shift {
    int dx, dy;
  };
  // Mismatch counts at a shift; stops early (returns false) once `target` is out of reach.
  bool measure(const codecs::Image& screen, Shift s, double target, PixelDiff& out) const;

  NeedleArea area_;
  std::vector<codecs::Pixel> pixels_;  // area pixels; kBackgroundBit set on background ones
  std::size_t foreground_ = 0;
  std::vector<Shift> shifts_;  // by distance, then y, then x
};

// Full search of every area.
NeedleMatch match(const Needle& needle, const codecs::Image& screen);

}  // namespace mks::screen
