#include "agent/screen/needle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <utility>

#include "codecs/jpeg.h"
#include "codecs/png.h"
#include "codecs/psf_font.h"

namespace mks::screen {
namespace {

using codecs::Image;
using codecs::Rect;
using codecs::rgb;

constexpr codecs::Pixel kInk = rgb(0xAA, 0xAA, 0xAA);
constexpr codecs::Pixel kPaper = rgb(0, 0, 0);

const codecs::PsfFont& font() {
  static const auto f = codecs::PsfFont::load("/usr/share/consolefonts/Lat15-VGA16.psf.gz");
  return f;
}

void draw_text(Image& image, int x, int y, const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto glyph = font().glyph_index(static_cast<unsigned char>(text[i]));
    font().draw_glyph(image, glyph.value_or(0), x + static_cast<int>(i) * font().width(), y, kInk,
                      kPaper);
  }
}

// A 720x400 console with three lines of text at (90, 96): the area 200x48 around them.
constexpr Rect kTextArea{90, 96, 200, 48};
Image console(const std::string& second_line = "debian login: root") {
  Image image(720, 400, kPaper);
  draw_text(image, 0, 0, "Debian GNU/Linux 12 debian tty1");
  draw_text(image, 90, 96, "Welcome to Debian");
  draw_text(image, 90, 112, second_line);
  draw_text(image, 90, 128, "Password:");
  draw_text(image, 0, 300, "[  OK  ] Reached target Multi-User System.");
  return image;
}

Needle text_needle(double similarity, int margin = 0) {
  return Needle{"login.png", console(), {NeedleArea{kTextArea, similarity, margin}}};
}

// The same console drawn (dx, dy) further right and down.
Image shifted(const Image& image, int dx, int dy) {
  Image out(image.width(), image.height(), kPaper);
  const Rect from{std::max(0, -dx), std::max(0, -dy), image.width() - std::abs(dx),
                  image.height() - std::abs(dy)};
  out.blit(image.crop(from), std::max(0, dx), std::max(0, dy));
  return out;
}

TEST(Needle, Match_IdenticalScreen_SimilarityOne) {
  const auto result = match(text_needle(0.99), console());
  ASSERT_EQ(result.areas.size(), 1u);
  EXPECT_TRUE(result.ok);
  EXPECT_DOUBLE_EQ(result.areas[0].similarity, 1.0);
  EXPECT_EQ(result.areas[0].found, kTextArea);
}

TEST(Needle, Match_OneGlyphChanged_FailsAt099PassesAt095) {
  const Image screen = console("debian logon: root");  // 'i' -> 'o'
  const auto strict = match(text_needle(0.99), screen);
  const auto lenient = match(text_needle(0.95), screen);
  EXPECT_FALSE(strict.ok);
  EXPECT_TRUE(lenient.ok);
  EXPECT_LT(strict.areas[0].similarity, 0.99);
  EXPECT_GT(strict.areas[0].similarity, 0.95);
  // The share of pixels would not tell them apart at 0.99: the glyph is under 0.5% of them.
  const AreaMatcher matcher(console(), {kTextArea, 0.99, 0});
  EXPECT_GT(matcher.diff_at(screen, 0, 0).pixel_share(), 0.995);
}

TEST(Needle, Match_DifferentWord_FailsAtDefaultSimilarity) {
  const auto result = match(text_needle(0.95), console("debian login: admin"));
  EXPECT_FALSE(result.ok);
  EXPECT_LT(result.areas[0].similarity, 0.95);
}

TEST(Needle, Match_JpegNoise_WithinTolerance) {
  for (int quality : {75, 90}) {  // every pixel within kPixelTolerance
    const Image screen = codecs::decode_jpeg(codecs::encode_jpeg(console(), quality));
    const auto result = match(text_needle(0.99), screen);
    EXPECT_DOUBLE_EQ(result.areas[0].similarity, 1.0) << "quality " << quality;
  }
  const Image rough = codecs::decode_jpeg(codecs::encode_jpeg(console(), 50));
  const auto result = match(text_needle(0.95), rough);
  EXPECT_TRUE(result.ok) << result.describe();
  EXPECT_LT(result.areas[0].similarity, 1.0);
}

TEST(Needle, Match_ShiftedWithinMargin_FoundAtShift) {
  const auto result = match(text_needle(0.99, 4), shifted(console(), 3, -2));
  ASSERT_TRUE(result.ok) << result.describe();
  EXPECT_EQ(result.areas[0].dx, 3);
  EXPECT_EQ(result.areas[0].dy, -2);
  EXPECT_EQ(result.areas[0].found, (Rect{93, 94, 200, 48}));
  EXPECT_DOUBLE_EQ(result.areas[0].similarity, 1.0);
}

TEST(Needle, Match_ShiftedBeyondMargin_Fails) {
  EXPECT_FALSE(match(text_needle(0.95, 2), shifted(console(), 3, 0)).ok);
  EXPECT_FALSE(match(text_needle(0.95, 2), shifted(console(), 0, -3)).ok);
  EXPECT_FALSE(match(text_needle(0.95, 0), shifted(console(), 1, 0)).ok);
}

TEST(Needle, Match_PeriodicContent_PrefersSmallestShift) {
  Image stripes(64, 32, kPaper);
  for (int x = 0; x < 64; x += 2) stripes.fill({x, 0, 1, 32}, kInk);
  const Needle needle{"stripes.png", stripes, {NeedleArea{{16, 8, 32, 16}, 0.99, 4}}};
  const auto result = match(needle, stripes);  // shifts by +-2 and +-4 in x match as well
  ASSERT_TRUE(result.ok);
  EXPECT_EQ(result.areas[0].dx, 0);
  EXPECT_EQ(result.areas[0].dy, 0);
}

TEST(Needle, Match_MultipleAreas_AllRequired) {
  const Rect status{0, 300, 9 * 42, 16};
  const Needle needle{"two.png", console(), {{kTextArea, 0.95, 0}, {status, 0.95, 0}}};
  EXPECT_TRUE(match(needle, console()).ok);

  Image screen = console();
  screen.fill(status, kPaper);
  draw_text(screen, 0, 300, "[FAILED] Failed to start Multi-User System");
  const auto result = match(needle, screen);
  EXPECT_FALSE(result.ok);
  ASSERT_EQ(result.areas.size(), 2u);
  EXPECT_TRUE(result.areas[0].ok);
  EXPECT_FALSE(result.areas[1].ok);
  EXPECT_DOUBLE_EQ(result.worst(), result.areas[1].similarity);
}

TEST(Needle, Match_NoAreas_ComparesWholeReference) {
  const Needle needle{"whole.png", console(), {}};
  EXPECT_TRUE(match(needle, console()).ok);
  Image screen = console();
  screen.fill({600, 380, 120, 20}, kInk);  // a block of ink, 2400 pixels
  EXPECT_FALSE(match(needle, screen).ok);
}

TEST(Needle, Match_LargerScreen_AreaFits_Matches) {
  Image screen(1024, 768, kPaper);
  screen.blit(console(), 0, 0);
  EXPECT_TRUE(match(text_needle(0.99, 8), screen).ok);
}

TEST(Needle, Match_AreaPartlyOffScreen_OutsideCountsAsMismatch) {
  const Image small = console().crop({0, 0, 190, 400});  // the area's right part is cut off
  const auto result = match(text_needle(0.5), small);
  EXPECT_FALSE(result.ok);
  EXPECT_LT(result.areas[0].similarity, 0.5);
  const Image tiny(10, 10, kPaper);  // nothing of the area on the screen
  EXPECT_FALSE(match(text_needle(0.5, 8), tiny).ok);
}

TEST(Needle, Match_BlankArea_ToleratesAFewPixels) {
  const Needle needle{"blank.png", Image(200, 50, kPaper), {}};
  Image screen(200, 50, kPaper);
  screen.fill({0, 0, 10, 1}, kInk);  // 10 of 10000 pixels
  EXPECT_TRUE(match(needle, screen).ok);
  screen.fill({0, 0, 200, 1}, kInk);  // a line: 200 pixels
  EXPECT_FALSE(match(needle, screen).ok);
}

// The vectorised comparison against a plain per-pixel count, on noisy pixels (differences
// around the tolerance, a random top byte) and an odd width so the scalar tail runs too.
TEST(Needle, DiffAt_EqualsPlainPerPixelCount) {
  std::mt19937 rng(7);
  Image reference(64, 40, kPaper);
  Image screen(64, 40, kPaper);
  for (int y = 0; y < 40; ++y) {
    for (int x = 0; x < 64; ++x) {
      const codecs::Pixel p = (rng() % 3 == 0) ? (rng() & 0x00FFFFFFu) : kPaper;
      reference.set(x, y, p | 0xFF000000u);
      const int channel = static_cast<int>(rng() % 3) * 8;
      const int delta = static_cast<int>(rng() % 100) - 50;  // crosses +-kPixelTolerance
      const int value = std::clamp(static_cast<int>((p >> channel) & 0xFF) + delta, 0, 255);
      const codecs::Pixel q =
          (p & ~(0xFFu << channel)) | (static_cast<codecs::Pixel>(value) << channel);
      screen.set(x, y, q | (rng() << 24));
    }
  }
  const Rect area{3, 2, 37, 31};
  const AreaMatcher matcher(reference, {area, 0.5, 2});
  for (const auto& [dx, dy] : {std::pair{0, 0}, std::pair{-2, 1}, std::pair{2, -2}}) {
    std::size_t mismatched = 0;
    std::size_t background_mismatched = 0;
    std::size_t foreground = 0;
    for (int y = area.y; y < area.y + area.h; ++y) {
      for (int x = area.x; x < area.x + area.w; ++x) {
        const codecs::Pixel a = reference.at(x, y);
        const codecs::Pixel b = screen.at(x + dx, y + dy);
        const bool background =  // close to the border's colour, black
            codecs::red(a) <= kPixelTolerance && codecs::green(a) <= kPixelTolerance &&
            codecs::blue(a) <= kPixelTolerance;
        const bool miss = std::abs(codecs::red(a) - codecs::red(b)) > kPixelTolerance ||
                          std::abs(codecs::green(a) - codecs::green(b)) > kPixelTolerance ||
                          std::abs(codecs::blue(a) - codecs::blue(b)) > kPixelTolerance;
        foreground += background ? 0 : 1;
        mismatched += miss ? 1 : 0;
        background_mismatched += (miss && background) ? 1 : 0;
      }
    }
    const auto diff = matcher.diff_at(screen, dx, dy);
    EXPECT_EQ(diff.pixels, 37u * 31u);
    EXPECT_EQ(diff.mismatched, mismatched) << dx << "," << dy;
    EXPECT_EQ(diff.content, foreground + background_mismatched) << dx << "," << dy;
    EXPECT_GT(background_mismatched, 5u);  // the noise really crosses the tolerance
    EXPECT_GT(mismatched - background_mismatched, 5u);
  }
}

TEST(Needle, Describe_SaysWhatFailedAndWhere) {
  const auto ok = match(text_needle(0.99, 4), shifted(console(), 1, 0));
  EXPECT_EQ(ok.describe(), "login.png: match (area 1: 1.000 at +1,+0)");
  const auto bad = match(text_needle(0.99), console("debian logon: root"));
  EXPECT_NE(bad.describe().find("login.png: no match (area 1: 0.9"), std::string::npos)
      << bad.describe();
  EXPECT_NE(bad.describe().find("< 0.990, best at +0,+0)"), std::string::npos) << bad.describe();
}

class NeedleLoad : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("needle_test_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    codecs::write_png_file(console(), dir_ / "login.png");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string load_error(std::vector<NeedleArea> areas,
                         const std::string& file = "login.png") const {
    try {
      Needle::load(dir_ / file, std::move(areas));
    } catch (const NeedleError& e) {
      return e.what();
    }
    return "(no error)";
  }

  std::filesystem::path dir_;
};

TEST_F(NeedleLoad, ValidPng_ReadsReferenceAndAreas) {
  const auto needle = Needle::load(dir_ / "login.png", {{kTextArea, 0.9, 3}});
  EXPECT_EQ(needle.name, "login.png");
  EXPECT_TRUE(needle.reference.same_pixels(console()));
  ASSERT_EQ(needle.areas.size(), 1u);
  EXPECT_TRUE(match(needle, console()).ok);
}

TEST_F(NeedleLoad, MissingFile_NamesFile) {
  const auto message = load_error({}, "nope.png");
  EXPECT_NE(message.find("nope.png: cannot read the reference PNG"), std::string::npos) << message;
}

TEST_F(NeedleLoad, NotAPng_NamesFile) {
  std::filesystem::path text = dir_ / "text.png";
  { std::ofstream(text) << "not a png"; }
  const auto message = load_error({}, "text.png");
  EXPECT_NE(message.find("text.png: cannot read the reference PNG"), std::string::npos) << message;
}

TEST_F(NeedleLoad, AreaOutsideImage_Refused) {
  EXPECT_EQ(load_error({{{700, 390, 40, 20}}}),
            "needle login.png: area 1 (x=700 y=390 w=40 h=20) is outside the 720x400 reference "
            "image");
  EXPECT_NE(load_error({{kTextArea}, {{-1, 0, 5, 5}}}).find("area 2 (x=-1 y=0 w=5 h=5) is outside"),
            std::string::npos);
  EXPECT_NE(load_error({{{0, 0, 0, 5}}}).find("is empty"), std::string::npos);
}

TEST_F(NeedleLoad, SimilarityOutsideZeroToOne_Refused) {
  EXPECT_NE(load_error({{kTextArea, 1.5}}).find("similarity 1.5"), std::string::npos);
  EXPECT_NE(load_error({{kTextArea, -0.1}}).find("is outside 0..1"), std::string::npos);
  EXPECT_NE(load_error({{kTextArea, std::nan("")}}).find("is outside 0..1"), std::string::npos);
  EXPECT_EQ(load_error({{kTextArea, 0.0}}), "(no error)");
  EXPECT_EQ(load_error({{kTextArea, 1.0}}), "(no error)");
}

TEST_F(NeedleLoad, NegativeOrHugeMargin_Refused) {
  EXPECT_EQ(load_error({{kTextArea, 0.95, -1}}),
            "needle login.png: area 1 (x=90 y=96 w=200 h=48): margin -1 is outside 0..64");
  EXPECT_NE(load_error({{kTextArea, 0.95, kMaxMargin + 1}}).find("margin 65"), std::string::npos);
}

}  // namespace
}  // namespace mks::screen
