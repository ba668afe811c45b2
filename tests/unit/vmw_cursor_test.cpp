#include "codecs/vmw_cursor.h"

#include <gtest/gtest.h>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

void append_pixel(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Type 0 payload of a w x 1 cursor from (and, xor) pairs.
std::vector<std::uint8_t> and_xor_payload(
    const std::vector<std::pair<std::uint32_t, std::uint32_t>>& pixels) {
  std::vector<std::uint8_t> out = {0, 0};
  for (const auto& p : pixels) append_pixel(out, p.first);
  for (const auto& p : pixels) append_pixel(out, p.second);
  return out;
}

TEST(VmwCursor, PayloadSize_ByType) {
  EXPECT_EQ(vmw_define_cursor_payload_size(0, {0, 0, 3, 2}), 2u + 2 * 24);
  EXPECT_EQ(vmw_define_cursor_payload_size(1, {0, 0, 3, 2}), 2u + 24);
  EXPECT_THROW(vmw_define_cursor_payload_size(2, {0, 0, 3, 2}), DecodeError);
}

TEST(VmwCursor, PayloadSize_OverLimitThrows) {
  EXPECT_NO_THROW(vmw_define_cursor_payload_size(1, {0, 0, 256, 256}));
  EXPECT_THROW(vmw_define_cursor_payload_size(1, {0, 0, 257, 1}), DecodeError);
  EXPECT_THROW(vmw_define_cursor_payload_size(1, {0, 0, 1, 65535}), DecodeError);
}

TEST(VmwCursor, AlphaCursor_KeepsBgraAndHotspot) {
  std::vector<std::uint8_t> payload = {1, 0};
  append_pixel(payload, 0x80112233);
  append_pixel(payload, 0x00000000);
  const CursorShape shape = decode_vmw_define_cursor(payload, {1, 0, 2, 1});
  EXPECT_EQ(shape.hotspot_x, 1);
  EXPECT_EQ(shape.hotspot_y, 0);
  EXPECT_EQ(shape.image.at(0, 0), 0x80112233u);
  EXPECT_EQ(shape.image.at(1, 0), 0u);
}

TEST(VmwCursor, AndXorCursor_FollowsMaskRules) {
  const auto payload = and_xor_payload({
      {0xFFFFFFFF, 0x00000000},  // transparent
      {0xFFFFFFFF, 0x00FFFFFF},  // would invert: opaque black
      {0x00000000, 0x00ABCDEF},  // opaque colour
      {0xFF00FF00, 0x00123456},  // partial mask still opaque colour
  });
  const CursorShape shape = decode_vmw_define_cursor(payload, {0, 0, 4, 1});
  EXPECT_EQ(alpha(shape.image.at(0, 0)), 0);
  EXPECT_EQ(shape.image.at(1, 0), 0xFF000000u);
  EXPECT_EQ(shape.image.at(2, 0), 0xFFABCDEFu);
  EXPECT_EQ(shape.image.at(3, 0), 0xFF123456u);
}

TEST(VmwCursor, EveryTruncationAndTrailingByte_Throw) {
  auto payload = and_xor_payload({{0, 1}, {0, 2}});
  for (std::size_t n = 0; n < payload.size(); ++n) {
    EXPECT_THROW(decode_vmw_define_cursor(std::span(payload).first(n), {0, 0, 2, 1}), DecodeError)
        << n;
  }
  payload.push_back(0);
  EXPECT_THROW(decode_vmw_define_cursor(payload, {0, 0, 2, 1}), DecodeError);
}

TEST(VmwCursor, OversizedCursor_ThrowsAndNamesEncoding) {
  std::vector<std::uint8_t> payload = {1, 0};
  try {
    decode_vmw_define_cursor(payload, {0, 0, 1000, 1000});
    FAIL();
  } catch (const DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find("VMWDefineCursor"), std::string::npos);
  }
}

TEST(VmwCursor, Draw_BlendsAtHotspot) {
  CursorShape cursor{Image(2, 1), 1, 0};
  cursor.image.set(0, 0, 0xFFFF0000);  // opaque red
  cursor.image.set(1, 0, 0x800000FF);  // half blue
  Image fb(4, 2, rgb(0, 0, 0));
  draw_cursor(fb, cursor, 2, 1);  // top-left lands at (1, 1)
  EXPECT_EQ(fb.at(1, 1) & 0xFFFFFF, rgb(255, 0, 0));
  EXPECT_EQ(fb.at(2, 1) & 0xFFFFFF, rgb(0, 0, 128));
  EXPECT_EQ(fb.at(0, 1), 0u);
  EXPECT_EQ(fb.at(1, 0), 0u);
}

TEST(VmwCursor, Draw_TransparentLeavesScreen) {
  CursorShape cursor{Image(3, 3, 0x00FFFFFF), 0, 0};
  Image fb(3, 3, rgb(7, 8, 9));
  draw_cursor(fb, cursor, 0, 0);
  EXPECT_EQ(fb, Image(3, 3, rgb(7, 8, 9)));
}

TEST(VmwCursor, Draw_ClipsAtEveryEdge) {
  CursorShape cursor{Image(4, 4, 0xFFFFFFFF), 2, 2};
  for (int x : {-10, -1, 0, 3, 5, 100}) {
    for (int y : {-10, -1, 0, 3, 5, 100}) {
      Image fb(5, 5, 0);
      draw_cursor(fb, cursor, x, y);
      int painted = 0;
      for (Pixel p : fb.pixels()) painted += p != 0;
      const int w = std::max(0, std::min(x + 2, 5) - std::max(x - 2, 0));
      const int h = std::max(0, std::min(y + 2, 5) - std::max(y - 2, 0));
      EXPECT_EQ(painted, w * h) << x << "," << y;
    }
  }
}

}  // namespace
}  // namespace mks::codecs
