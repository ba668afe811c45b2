#include "agent/screen/needle_watch.h"

#include <gtest/gtest.h>

#include <vector>

namespace mks::screen {
namespace {

using codecs::Image;
using codecs::Rect;
using codecs::rgb;

constexpr codecs::Pixel kPaper = rgb(0, 0, 0);
constexpr codecs::Pixel kInk = rgb(0xAA, 0xAA, 0xAA);

// A "prompt": a pattern of ink blocks a fill can draw, in a 32x16 area.
void draw_prompt(Image& image, int x, int y) {
  image.fill({x, y, 32, 16}, kPaper);
  for (int i = 0; i < 4; ++i) image.fill({x + 8 * i + 1, y + 2 + i, 5, 10 - 2 * i}, kInk);
}

constexpr Rect kPromptArea{100, 200, 32, 16};
constexpr Rect kLogoArea{10, 10, 20, 20};

Needle prompt_needle(int margin = 0) {
  Image reference(640, 480, kPaper);
  draw_prompt(reference, kPromptArea.x, kPromptArea.y);
  reference.fill({12, 12, 16, 16}, kInk);  // logo
  return Needle{"prompt.png", reference, {{kPromptArea, 0.95, margin}, {kLogoArea, 0.95, 0}}};
}

Image screen_with_logo() {
  Image screen(640, 480, kPaper);
  screen.fill({12, 12, 16, 16}, kInk);
  return screen;
}

TEST(NeedleWatch, FirstCheck_MatchesEveryArea) {
  NeedleWatch watch(prompt_needle());
  const auto& result = watch.check(screen_with_logo(), {});
  EXPECT_EQ(watch.areas_rematched(), 2u);
  EXPECT_FALSE(result.ok);
  EXPECT_FALSE(result.areas[0].ok);
  EXPECT_TRUE(result.areas[1].ok);
}

TEST(NeedleWatch, StillScreen_NoRematch) {
  NeedleWatch watch(prompt_needle(8));
  const Image screen = screen_with_logo();
  watch.check(screen, {});
  const auto before = watch.areas_rematched();
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(watch.check(screen, {}).ok);
  EXPECT_EQ(watch.areas_rematched(), before);
}

TEST(NeedleWatch, DirtyElsewhere_NoRematchAndResultKept) {
  NeedleWatch watch(prompt_needle(8));
  Image screen = screen_with_logo();
  watch.check(screen, {});
  const auto before = watch.areas_rematched();
  // Just outside the prompt's window (100-8 .. 132+8, 200-8 .. 216+8) and off the logo.
  const std::vector<Rect> dirty = {{300, 300, 50, 50}, {141, 200, 10, 10}, {100, 225, 30, 4}};
  for (const auto& r : dirty) screen.fill(r, kInk);
  const auto& result = watch.check(screen, dirty);
  EXPECT_EQ(watch.areas_rematched(), before);
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.areas[1].ok);
}

TEST(NeedleWatch, ContentAppears_RematchesOnlyThatAreaAndFlipsToOk) {
  NeedleWatch watch(prompt_needle());
  Image screen = screen_with_logo();
  EXPECT_FALSE(watch.check(screen, {}).ok);
  const auto before = watch.areas_rematched();
  draw_prompt(screen, kPromptArea.x, kPromptArea.y);
  const std::vector<Rect> dirty = {{96, 192, 64, 64}};  // a tile covering the prompt
  const auto& result = watch.check(screen, dirty);
  EXPECT_TRUE(result.ok) << result.describe();
  EXPECT_EQ(watch.areas_rematched(), before + 1);
}

TEST(NeedleWatch, ContentAppearsShiftedInMargin_Found) {
  NeedleWatch watch(prompt_needle(8));
  Image screen = screen_with_logo();
  watch.check(screen, {});
  draw_prompt(screen, kPromptArea.x + 5, kPromptArea.y - 7);
  // The dirty rectangle touches only the margin part of the window, not the area itself.
  const std::vector<Rect> dirty = {{kPromptArea.x + 5, kPromptArea.y - 7, 32, 7}};
  const auto& result = watch.check(screen, dirty);
  ASSERT_TRUE(result.ok) << result.describe();
  EXPECT_EQ(result.areas[0].dx, 5);
  EXPECT_EQ(result.areas[0].dy, -7);
}

TEST(NeedleWatch, ContentDisappears_FlipsBackToNoMatch) {
  NeedleWatch watch(prompt_needle());
  Image screen = screen_with_logo();
  draw_prompt(screen, kPromptArea.x, kPromptArea.y);
  EXPECT_TRUE(watch.check(screen, {}).ok);
  screen.fill(kPromptArea, kPaper);
  const std::vector<Rect> dirty = {kPromptArea};
  EXPECT_FALSE(watch.check(screen, dirty).ok);
}

TEST(NeedleWatch, ScreenResized_FullRematchWithoutDirtyRects) {
  NeedleWatch watch(prompt_needle());
  watch.check(screen_with_logo(), {});
  const auto before = watch.areas_rematched();
  Image bigger(800, 600, kPaper);
  bigger.fill({12, 12, 16, 16}, kInk);
  draw_prompt(bigger, kPromptArea.x, kPromptArea.y);
  EXPECT_TRUE(watch.check(bigger, {}).ok);
  EXPECT_EQ(watch.areas_rematched(), before + 2);
}

TEST(NeedleWatch, InvalidNeedle_Throws) {
  Needle needle = prompt_needle();
  needle.areas[0].margin = -2;
  EXPECT_THROW(NeedleWatch{needle}, NeedleError);
}

}  // namespace
}  // namespace mks::screen
