// The RFB client against hostile servers: the known-bad input classes of the VNC clients'
// CVE history (framebuffer sizes, rectangles outside the screen, lengths that wrap), each
// refused with one line before anything is allocated, or drawn correctly clipped.
#include "hostile_server_fixture.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::cat;
using testing::raw_rect;
using testing::rect_header;
using testing::update_header;

// --- Framebuffer size (seed 1) ---

TEST_F(HostileServer, ServerInitHugeFramebufferIsRefusedNotAllocated_CVE_2014_6051_class) {
  stream.feed(testing::server_init(65535, 65535, "x"));
  const std::string message = start_fails<ProtocolError>();
  EXPECT_TRUE(has(message, "65535x65535 framebuffer")) << message;
  EXPECT_TRUE(has(message, "sides must be 1 to 16384")) << message;
  EXPECT_EQ(client.framebuffer().width(), 0);
}

TEST_F(HostileServer, ServerInitOverTheSessionBudgetIsRefusedBeforeAllocating_CVE_2014_6052_class) {
  stream.feed(testing::server_init(16384, 16384, "x"));
  const std::string message = start_fails<ProtocolError>();
  EXPECT_EQ(message,
            "server announced a 16384x16384 framebuffer (1 GiB), over the per-session limit of "
            "40 MiB");
  EXPECT_EQ(client.framebuffer().width(), 0);
}

TEST_F(HostileServer, FramebufferBudgetAdmitsExactly4096x2560) {
  stream.feed(testing::server_init(4096, 2560, "4k"));
  testing::run_sync(io, client.start());
  EXPECT_EQ(client.framebuffer().width(), 4096);

  boost::asio::io_context io2;
  testing::FakeByteStream stream2{io2};
  Client over{stream2};
  stream2.feed(testing::server_init(4096, 2561, "4k+1"));
  EXPECT_THROW(testing::run_sync(io2, over.start()), ProtocolError);
}

TEST_F(HostileServer, FramebufferBudgetIsAClientOption) {
  ClientOptions options;
  options.max_framebuffer_bytes = 64 * 48 * 4 - 1;
  Client small{stream, options};
  stream.feed(testing::server_init(64, 48, "x"));
  try {
    testing::run_sync(io, small.start());
    ADD_FAILURE() << "a framebuffer one byte over the budget was accepted";
  } catch (const ProtocolError& e) {
    EXPECT_TRUE(has(e.what(), "64x48 framebuffer (12 KiB)")) << e.what();
    EXPECT_TRUE(has(e.what(), "limit of 12287 bytes")) << e.what();
  }
}

TEST_F(HostileServer, ServerInitZeroByZeroIsRefused) {
  stream.feed(testing::server_init(0, 0, "x"));
  EXPECT_TRUE(has(start_fails<ProtocolError>(), "empty framebuffer (0x0)"));
}

TEST_F(HostileServer, DesktopSizeOverBudgetMidUpdateIsRefusedAndKeepsTheOldFramebuffer) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 2), raw_rect(0, 0, 8, 8, 1, 2, 3),
                   rect_header(0, 0, 8192, 8192, encoding::kDesktopSize)}));
  const std::string message = run_fails<ProtocolError>();
  EXPECT_TRUE(has(message, "8192x8192 framebuffer (256 MiB), over the per-session limit of 40 MiB"))
      << message;
  EXPECT_EQ(client.framebuffer().width(), 64);
  EXPECT_EQ(client.framebuffer().height(), 48);
}

TEST_F(HostileServer, ExtendedDesktopSizeOverBudgetIsRefused_CVE_2019_15692_class) {
  start_direct(64, 48);
  Bytes rect = rect_header(0, 0, 16384, 16384, encoding::kExtendedDesktopSize);
  rect.insert(rect.end(), {1, 0, 0, 0});
  rect.resize(rect.size() + 16, 0);
  stream.feed(cat({update_header(1, 1), rect}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "16384x16384 framebuffer (1 GiB)"));
  EXPECT_EQ(client.framebuffer().width(), 64);
}

TEST_F(HostileServer, ResizeMidUpdateThenRectangleInTheOldAreaIsRefused) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 2), rect_header(0, 0, 32, 32, encoding::kDesktopSize),
                   raw_rect(40, 0, 8, 8, 1, 2, 3)}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "8x8 at 40,0 is outside the 32x32 framebuffer"));
}

// --- Rectangles outside the framebuffer (seed 2) ---

TEST_F(HostileServer, RectOneBeyondTheRightEdgeIsRefused_CVE_2016_9941_class) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), raw_rect(1, 0, 64, 1, 9, 9, 9)}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "Raw rectangle 64x1 at 1,0 is outside"));
  EXPECT_EQ(client.framebuffer().at(63, 0), 0u);
}

TEST_F(HostileServer, RectOneBeyondTheBottomEdgeIsRefused_CVE_2016_9941_class) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), raw_rect(0, 47, 1, 2, 9, 9, 9)}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "Raw rectangle 1x2 at 0,47 is outside"));
}

// GStreamer librfb compared areas (w*h + x*y <= W*H) instead of each side.
TEST_F(HostileServer, RectAreaCheckBypass_x0_wWplus80_h1) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), raw_rect(0, 0, 64 + 80, 1, 9, 9, 9)}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "144x1 at 0,0 is outside the 64x48 framebuffer"));
  EXPECT_EQ(client.framebuffer().at(0, 1), 0u);
}

TEST_F(HostileServer, CopyRectSourceOutside_CVE_2019_15692_class) {
  start_direct(64, 48);
  Bytes copy = rect_header(0, 0, 8, 8, encoding::kCopyRect);
  testing::be16(copy, 57);  // source x: 57 + 8 = 65 > 64
  testing::be16(copy, 0);
  stream.feed(cat({update_header(1, 1), copy}));
  EXPECT_TRUE(has(run_fails<ProtocolError>(), "source rectangle outside the framebuffer"));
}

TEST_F(HostileServer, CopyRectSourceOverlappingTheDestinationCopiesTheOldPixels) {
  start_direct(8, 1);
  Bytes row = rect_header(0, 0, 8, 1, encoding::kRaw);
  for (std::uint8_t i = 0; i < 8; ++i) row.insert(row.end(), {i, 0, 0, 0});
  Bytes copy = rect_header(1, 0, 7, 1, encoding::kCopyRect);
  copy.insert(copy.end(), {0, 0, 0, 0});  // 0..6 -> 1..7
  stream.feed(cat({update_header(1, 2), row, copy}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().at(0, 0), 0u);
  for (int x = 1; x < 8; ++x) EXPECT_EQ(client.framebuffer().at(x, 0), codecs::Pixel(x - 1)) << x;
}

// --- Empty rectangles (seed 3; FreeRDP CVE-2021-41160: 0-byte buffers, then writes) ---

TEST_F(HostileServer, EmptyRectanglesOfEveryEncodingDrawNothing_CVE_2021_41160_class) {
  start_direct(8, 8);
  Bytes copy = rect_header(0, 0, 0, 0, encoding::kCopyRect);
  copy.insert(copy.end(), {0, 2, 0, 2});
  Bytes tight_gradient = rect_header(0, 0, 0, 5, encoding::kTight);
  tight_gradient.insert(tight_gradient.end(), {0x40, 0x02});
  Bytes hextile = rect_header(0, 0, 5, 0, encoding::kHextile);
  Bytes zlib = rect_header(0, 0, 0, 0, encoding::kZlib);
  testing::be32(zlib, 0);
  stream.feed(cat({update_header(1, 6), raw_rect(0, 0, 0, 0, 1, 1, 1),
                   raw_rect(8, 8, 0, 0, 1, 1, 1), copy, tight_gradient, hextile, zlib}));
  run_to_end();
  EXPECT_EQ(client.updates(), 1u);
  for (auto p : client.framebuffer().pixels()) ASSERT_EQ(p, 0u);
}

// --- Lengths that wrap or ask for gigabytes (seed 12) ---

TEST_F(HostileServer, CutTextLengthWrapsIsReadPastNotAllocated_CVE_2018_20019_class) {
  start_direct(8, 8);
  // libvncclient computed len+1 = 0, allocated nothing and read 4 GiB into it. Here the
  // length is taken as it is: what follows is clipboard text to skip, never an update.
  stream.feed(cat({Bytes{3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF}, update_header(1, 1),
                   raw_rect(0, 0, 8, 8, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(client.updates(), 0u);
  EXPECT_EQ(client.cut_text(), "");
}

TEST_F(HostileServer, CutTextOneByteOverTheLimitIsDroppedAndTheSessionGoesOn) {
  start_direct(8, 8);
  Bytes cut{3, 0, 0, 0};
  testing::be32(cut, (1u << 20) + 1);
  cut.resize(cut.size() + (1u << 20) + 1, 'x');
  stream.feed(cat({cut, Bytes{2}, update_header(1, 1), raw_rect(0, 0, 8, 8, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(client.cut_texts_dropped(), 1u);
  EXPECT_EQ(client.cut_text(), "");
  EXPECT_EQ(client.updates(), 1u);
}

TEST_F(HostileServer, CutTextAtTheLimitIsKept) {
  start_direct(8, 8);
  Bytes cut{3, 0, 0, 0};
  testing::be32(cut, 1u << 20);
  cut.resize(cut.size() + (1u << 20), 'y');
  stream.feed(cut);
  run_to_end();
  EXPECT_EQ(client.cut_text().size(), 1u << 20);
  EXPECT_EQ(client.cut_texts_dropped(), 0u);
}

TEST_F(HostileServer, CutTextWithTheExtendedClipboardFlagIsReadPast) {
  start_direct(8, 8);
  // 0x80000000 + 4: an extended-clipboard message (never announced by this client).
  Bytes cut{3, 0, 0, 0, 0x80, 0, 0, 4, 0, 0, 0, 1};
  stream.feed(cat({cut, update_header(1, 1), raw_rect(0, 0, 8, 8, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(client.updates(), 0u);
  EXPECT_EQ(client.cut_text(), "");
}

TEST_F(HostileServer, SecurityFailureReasonOf4GiBIsRefused_CVE_2018_20748_class) {
  stream.feed("RFB 003.008\n");
  stream.feed(Bytes{0, 0xFF, 0xFF, 0xFF, 0xFF});  // no security types; reason length
  EXPECT_EQ(start_fails<ProtocolError>(),
            "server sent a reason string of 4294967295 bytes, over the limit of 64 KiB");
}

TEST_F(HostileServer, Rfb33RefusalReasonOneByteOverTheLimitIsRefused_CVE_2018_20019_class) {
  stream.feed("RFB 003.003\n");
  stream.feed(cat({testing::be32_bytes(0), testing::be32_bytes((64u << 10) + 1)}));
  EXPECT_TRUE(has(start_fails<ProtocolError>(), "reason string of 65537 bytes"));
}

TEST_F(HostileServer, SecurityResultReasonOf4GiBIsRefused_CVE_2018_20748_class) {
  stream.feed("RFB 003.008\n");
  stream.feed(cat({Bytes{1, 1}, testing::be32_bytes(1), testing::be32_bytes(0xFFFFFFFF)}));
  EXPECT_TRUE(has(start_fails<ProtocolError>(), "over the limit of 64 KiB"));
}

TEST_F(HostileServer, ServerInitDesktopNameOf4GiBIsRefused_CVE_2018_20748_class) {
  Bytes init = testing::server_init(64, 48, "");
  init.erase(init.end() - 4, init.end());  // the name length
  testing::be32(init, 0xFFFFFFFF);
  stream.feed(init);
  EXPECT_EQ(start_fails<ProtocolError>(),
            "server sent a desktop name of 4294967295 bytes, over the limit of 1 MiB");
}

TEST_F(HostileServer, DesktopNamePseudoEncodingOneByteOverTheLimitIsRefused) {
  start_direct(8, 8);
  Bytes rect = rect_header(0, 0, 0, 0, encoding::kDesktopName);
  testing::be32(rect, (1u << 20) + 1);
  stream.feed(cat({update_header(1, 1), rect}));
  EXPECT_TRUE(
      has(run_fails<ProtocolError>(), "desktop name of 1048577 bytes, over the limit of 1 MiB"));
}

TEST_F(HostileServer, DesktopNameWithInvalidUtf8AndEscapesIsKeptAsBytes_CVE_2017_18635_class) {
  const std::string name = "\xff\xfe\x1b[31m<script>alert(1)</script>";
  stream.feed(testing::server_init(8, 8, name));
  testing::run_sync(io, client.start());
  EXPECT_EQ(client.server().name, name);
}

}  // namespace
}  // namespace mks::rfb
