#include "agent/session/change_watch.h"

#include <gtest/gtest.h>

namespace mks::session {
namespace {

using codecs::Image;
using codecs::Rect;

TEST(ChangeWatch, New_ReportsTheWholeScreenOnce) {
  ChangeWatch watch;
  const Image screen(720, 400);
  EXPECT_TRUE(watch.changed());
  EXPECT_EQ(watch.take(screen), (std::vector<Rect>{{0, 0, 720, 400}}));
  EXPECT_FALSE(watch.changed());
  EXPECT_TRUE(watch.take(screen).empty());
}

TEST(ChangeWatch, Updates_AreCollectedUntilTaken) {
  ChangeWatch watch;
  const Image screen(720, 400);
  watch.take(screen);
  const Rect a{0, 0, 9, 16}, b{100, 32, 64, 64};
  watch.add(std::vector<Rect>{a});
  watch.add(std::vector<Rect>{b});
  EXPECT_TRUE(watch.changed());
  EXPECT_EQ(watch.take(screen), (std::vector<Rect>{a, b}));
  EXPECT_FALSE(watch.changed());
}

TEST(ChangeWatch, ManyRects_MergeIntoTheirBoundingBox) {
  ChangeWatch watch;
  const Image screen(720, 400);
  watch.take(screen);
  for (int i = 0; i <= static_cast<int>(ChangeWatch::kMaxRects); ++i) {
    watch.add(std::vector<Rect>{{i * 2, i, 1, 1}});
  }
  const int last = static_cast<int>(ChangeWatch::kMaxRects);
  EXPECT_EQ(watch.take(screen), (std::vector<Rect>{{0, 0, last * 2 + 1, last + 1}}));
}

TEST(ChangeWatch, Resize_MeansEverythingAgain) {
  ChangeWatch watch;
  watch.take(Image(720, 400));
  watch.add(std::vector<Rect>{{1, 1, 1, 1}});
  watch.mark_everything();
  EXPECT_EQ(watch.take(Image(1024, 768)), (std::vector<Rect>{{0, 0, 1024, 768}}));
}

}  // namespace
}  // namespace mks::session
