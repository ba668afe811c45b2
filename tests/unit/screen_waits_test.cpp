#include "scripting/screen_waits.h"

#include <gtest/gtest.h>

#include <vector>

namespace mks::scripting {
namespace {

using codecs::Rect;

TEST(IsCursorSized, VgaCursorCell_IsCursorSized) {
  // QEMU sends a blinking 9x16 VGA cell in 16-pixel columns: 16 or 32 wide.
  EXPECT_TRUE(is_cursor_sized(std::vector<Rect>{{144, 64, 16, 16}}));
  EXPECT_TRUE(is_cursor_sized(std::vector<Rect>{{144, 64, 32, 16}}));
  EXPECT_TRUE(is_cursor_sized(std::vector<Rect>{{0, 0, 32, 32}}));
}

TEST(IsCursorSized, NothingChanged_IsCursorSized) {
  EXPECT_TRUE(is_cursor_sized({}));
}

TEST(IsCursorSized, ALineOfText_IsNot) {
  EXPECT_FALSE(is_cursor_sized(std::vector<Rect>{{0, 64, 720, 16}}));
  EXPECT_FALSE(is_cursor_sized(std::vector<Rect>{{0, 64, 33, 16}}));
  EXPECT_FALSE(is_cursor_sized(std::vector<Rect>{{0, 64, 16, 33}}));
}

TEST(IsCursorSized, SmallChangesFarApart_AreNot) {
  // Two blinks in different places mean something moved: judged by their bounding box.
  EXPECT_FALSE(is_cursor_sized(std::vector<Rect>{{0, 0, 9, 16}, {300, 200, 9, 16}}));
  EXPECT_TRUE(is_cursor_sized(std::vector<Rect>{{16, 0, 9, 16}, {25, 0, 9, 16}}));
}

}  // namespace
}  // namespace mks::scripting
