// The RFB client against hostile servers, continued: cursor sizes, pixel formats, message
// and encoding types, fences and VMware messages from the VNC clients' CVE history.
#include "hostile_server_fixture.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::cat;
using testing::raw_rect;
using testing::rect_header;
using testing::update_header;

// --- Cursors (seed 11) ---

Bytes rich_cursor(int w, int h) {
  return rect_header(0, 0, w, h, encoding::kRichCursor);
}

TEST_F(HostileServer, CursorSide1024IsRefused_CVE_2019_15690_class) {
  for (const int side : {257, 1024, 65535}) {
    for (const auto& shape :
         {rect_header(0, 0, side, 1, encoding::kRichCursor),
          rect_header(0, 0, 1, side, encoding::kRichCursor),
          cat({rect_header(0, 0, side, side, encoding::kCursorWithAlpha), testing::be32_bytes(0)}),
          cat({rect_header(0, 0, side, 2, encoding::kVmwDefineCursor), Bytes{0, 0}}),
          cat({rect_header(0, 0, 2, side, encoding::kVmwDefineCursor), Bytes{1, 0}})}) {
      boost::asio::io_context cursor_io;
      testing::FakeByteStream cursor_stream{cursor_io};
      Client cursor_client{cursor_stream};
      cursor_stream.feed(testing::server_init(8, 8, "x"));
      testing::run_sync(cursor_io, cursor_client.start());
      cursor_stream.feed(cat({update_header(1, 1), shape}));
      try {
        testing::run_sync(cursor_io, cursor_client.run());
        ADD_FAILURE() << "side " << side << " accepted";
      } catch (const ProtocolError& e) {
        EXPECT_TRUE(has(e.what(), "256")) << e.what();
      }
      EXPECT_FALSE(cursor_client.cursor().has_value());
    }
  }
}

TEST_F(HostileServer, CursorSide256IsAccepted) {
  start_direct(8, 8);
  Bytes shape = rich_cursor(256, 256);
  shape.resize(shape.size() + 256 * 256 * 4 + 256 / 8 * 256, 0xFF);
  stream.feed(cat({update_header(1, 1), shape}));
  run_to_end();
  ASSERT_TRUE(client.cursor().has_value());
  EXPECT_EQ(client.cursor()->image.width(), 256);
}

TEST_F(HostileServer, VmwareCursorType2IsRefused) {
  start_direct(8, 8);
  stream.feed(
      cat({update_header(1, 1), rect_header(0, 0, 2, 2, encoding::kVmwDefineCursor), Bytes{2, 0}}));
  run_fails<ProtocolError>();
  EXPECT_FALSE(client.cursor().has_value());
}

// --- Pixel formats (seed 13) ---

TEST_F(HostileServer, ServerPixelFormatWithOddShiftsIsReplacedByBgrx_CVE_2019_15695_class) {
  testing::PixelFormat odd;
  odd.bpp = 16;
  odd.depth = 16;
  odd.max = 31;
  odd.red_shift = 11;
  odd.green_shift = 5;
  odd.blue_shift = 3;
  stream.feed(testing::server_init(2, 1, "x", odd));
  testing::run_sync(io, client.start());
  ASSERT_FALSE(stream.sent().empty());
  const Bytes& set_format = stream.sent().front();
  ASSERT_EQ(set_format.size(), 20u);
  EXPECT_EQ(set_format[0], 0);    // SetPixelFormat
  EXPECT_EQ(set_format[4], 32);   // bits per pixel
  EXPECT_EQ(set_format[14], 16);  // red shift
  stream.feed(cat({update_header(1, 1), raw_rect(0, 0, 2, 1, 0x12, 0x34, 0x56)}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().at(1, 0), codecs::rgb(0x12, 0x34, 0x56));
}

TEST_F(HostileServer, ColourMapPixelFormatIsRefused) {
  testing::PixelFormat mapped;
  mapped.bpp = 8;
  mapped.depth = 8;
  mapped.true_colour = 0;
  stream.feed(testing::server_init(8, 8, "x", mapped));
  EXPECT_TRUE(has(start_fails<ProtocolError>(), "colour map"));
}

// --- Message and encoding types (seed 14) ---

TEST_F(HostileServer, UnknownServerMessageTypeIsRefused_CVE_2008_4770_class) {
  start_direct(8, 8);
  stream.feed(Bytes{42});
  EXPECT_EQ(run_fails<ProtocolError>(), "unknown server message type 42");
}

TEST_F(HostileServer, RreCorreAndUltraEncodingsAreRefusedNotGuessed_CVE_2018_20020_class) {
  for (const std::int32_t enc : {2, 4, 9, 0x7FFFFFFF}) {
    boost::asio::io_context enc_io;
    testing::FakeByteStream enc_stream{enc_io};
    Client enc_client{enc_stream};
    enc_stream.feed(testing::server_init(8, 8, "x"));
    testing::run_sync(enc_io, enc_client.start());
    Bytes rect = rect_header(0, 0, 4, 4, enc);
    testing::be32(rect, 0x20000001);  // CoRRE's nSubrects that wrapped ×8 to 8
    enc_stream.feed(cat({update_header(1, 1), rect}));
    try {
      testing::run_sync(enc_io, enc_client.run());
      ADD_FAILURE() << "encoding " << enc << " accepted";
    } catch (const ProtocolError& e) {
      EXPECT_TRUE(has(e.what(), "unsupported rectangle encoding " + std::to_string(enc)))
          << e.what();
    }
  }
}

TEST_F(HostileServer, UpdateAnnouncing65535RectanglesEndsAtLastRect) {
  start_direct(8, 8);
  stream.feed(cat({update_header(1, 65535), raw_rect(0, 0, 8, 8, 1, 2, 3),
                   rect_header(0, 0, 0, 0, encoding::kLastRect), Bytes{2}}));
  run_to_end();
  EXPECT_EQ(client.updates(), 1u);
  EXPECT_TRUE(client.full_frame());
}

TEST_F(HostileServer, ColourMapOf65535EntriesIsSkippedInBoundedSteps) {
  start_direct(8, 8);
  Bytes map{1, 0, 0, 0, 0xFF, 0xFF};
  map.resize(map.size() + 65535 * 6, 0);
  stream.feed(cat({map, update_header(1, 1), raw_rect(0, 0, 8, 8, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(client.updates(), 1u);
}

TEST_F(HostileServer, VmwareAudioDataOver16MiBIsRefusedNotSkipped) {
  start_direct(8, 8);
  Bytes audio = testing::be32_bytes((16u << 20) + 1);
  audio.resize(32, 0);
  stream.feed(testing::vmware_message(3, audio));
  EXPECT_EQ(
      run_fails<ProtocolError>(),
      "server sent a VMware Audio message with 16777217 bytes of data, over the limit of 16 MiB");
}

TEST_F(HostileServer, FencePayloadOf65BytesIsRefused) {
  start_direct(8, 8);
  Bytes fence{248, 0, 0, 0, 0x80, 0, 0, 0, 65};
  fence.resize(fence.size() + 65, 0);
  stream.feed(fence);
  EXPECT_EQ(run_fails<ProtocolError>(),
            "server sent a fence with 65 bytes of payload (at most 64)");
  EXPECT_EQ(client.fences_answered(), 0u);
}

}  // namespace
}  // namespace mks::rfb
