// Client against scripted plain-RFB servers: the SetEncodings lists, the stream-framed
// encodings (Tight, ZRLE, Hextile, Zlib) read out of the byte stream, and the standard
// pseudo-encodings (LastRect, ExtendedDesktopSize, DesktopName, cursors, QEMU keys and LEDs).
#include <gtest/gtest.h>

#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/protocol.h"
#include "codecs/byte_order.h"
#include "codecs/tightpng_decoder.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"
#include "tests/unit/deflater.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::cat;
using testing::rect_header;
using testing::update_header;

std::vector<std::int32_t> announced(const Bytes& set_encodings) {
  std::vector<std::int32_t> out;
  for (std::size_t i = 4; i + 4 <= set_encodings.size(); i += 4) {
    out.push_back(static_cast<std::int32_t>(codecs::load_be32(&set_encodings[i])));
  }
  return out;
}

class RfbEncodings : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  std::unique_ptr<Client> client;

  void start(ClientOptions options = {.dialect = Dialect::kRfb}, int w = 64, int h = 48) {
    client = std::make_unique<Client>(stream, options);
    stream.feed("RFB 003.008\n");
    stream.feed(Bytes{1, 1});
    stream.feed(testing::be32_bytes(0));
    stream.feed(testing::server_init(w, h, "qemu"));
    testing::run_sync(io, client->start());
  }
  Bytes sent_set_encodings() const {
    for (const auto& m : stream.sent())
      if (!m.empty() && m[0] == 2) return m;
    return {};
  }
  void run_to_end() { EXPECT_THROW(testing::run_sync(io, client->run()), TransportError); }
  std::string run_fails() {
    try {
      testing::run_sync(io, client->run());
    } catch (const ProtocolError& e) {
      return e.what();
    }
    ADD_FAILURE() << "run() did not end with a ProtocolError";
    return {};
  }
};

TEST_F(RfbEncodings, PlainRfb_AnnouncesTightZrleHextileZlibCopyRectRawThenPseudo) {
  start();
  const auto list = announced(sent_set_encodings());
  const std::vector<std::int32_t> first = {7, 16, 5, 6, 1, 0};
  ASSERT_GE(list.size(), first.size());
  EXPECT_EQ(std::vector<std::int32_t>(list.begin(), list.begin() + 6), first);
  for (std::int32_t pseudo : {-223, -307, -224, -314, -239, -258, -261, -312, -313}) {
    EXPECT_NE(std::find(list.begin(), list.end(), pseudo), list.end()) << pseudo;
  }
  EXPECT_EQ(std::find(list.begin(), list.end(), encoding::kTightPng), list.end());
  EXPECT_EQ(std::find(list.begin(), list.end(), encoding::kExtendedDesktopSize), list.end());
}

TEST_F(RfbEncodings, AutoDialect_KeepsTheWebMksList) {
  start({});
  const auto list = announced(sent_set_encodings());
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0], encoding::kTightPng);
  for (std::int32_t rfb_only : {encoding::kTight, encoding::kFence, encoding::kContinuousUpdates}) {
    EXPECT_EQ(std::find(list.begin(), list.end(), rfb_only), list.end()) << rfb_only;
  }
}

TEST_F(RfbEncodings, ForcedEncoding_IsTheOnlyRectangleEncodingAnnounced) {
  start({.dialect = Dialect::kRfb, .encoding = encoding::kHextile});
  const auto list = announced(sent_set_encodings());
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0], encoding::kHextile);
  for (std::int32_t other : {0, 1, 6, 7, 16, -260}) {
    EXPECT_EQ(std::find(list.begin(), list.end(), other), list.end()) << other;
  }
}

TEST(EncodingNames, NamesAndUrlsMapAsDocumented) {
  EXPECT_EQ(encoding_for_name("ZRLE"), encoding::kZrle);
  EXPECT_EQ(encoding_for_name("tight"), encoding::kTight);
  EXPECT_EQ(encoding_for_name("tightpng"), encoding::kTightPng);
  EXPECT_FALSE(encoding_for_name("rre").has_value());
  EXPECT_EQ(dialect_for_url(transport::Url::parse("vnc://h:5901")), Dialect::kRfb);
  EXPECT_EQ(dialect_for_url(transport::Url::parse("ws://h:5700/")), Dialect::kRfb);
  EXPECT_EQ(dialect_for_url(transport::Url::parse("wss://h/ticket/abc")), Dialect::kWebMks);
}

TEST_F(RfbEncodings, TightRectangles_ReadFromTheStreamInPieces) {
  start();
  stream.set_max_read(3);  // the payload arrives a few bytes at a time
  testing::Deflater zlib;
  Bytes pixels;
  for (int i = 0; i < 64 * 48; ++i) pixels.insert(pixels.end(), {0x10, 0x20, 0x30});
  Bytes rect = cat({rect_header(0, 0, 64, 48, encoding::kTight), Bytes{0x00}});
  const Bytes z = zlib.chunk(pixels);
  codecs::tightpng::append_compact_length(rect, z.size());
  rect.insert(rect.end(), z.begin(), z.end());
  stream.feed(cat({update_header(0, 2), rect, rect_header(2, 2, 2, 2, encoding::kTight),
                   Bytes{0x80, 0xAA, 0xBB, 0xCC}}));
  run_to_end();
  EXPECT_TRUE(client->full_frame());
  EXPECT_EQ(client->framebuffer().at(63, 47) & 0xFFFFFF, codecs::rgb(0x10, 0x20, 0x30));
  EXPECT_EQ(client->framebuffer().at(3, 3) & 0xFFFFFF, codecs::rgb(0xAA, 0xBB, 0xCC));
  EXPECT_EQ(client->rectangles_by_encoding().at(encoding::kTight), 2u);
}

TEST_F(RfbEncodings, HextileZlibAndZrle_EachPaintTheirRectangle) {
  start();
  Bytes hextile = rect_header(0, 0, 16, 16, encoding::kHextile);
  hextile.insert(hextile.end(), {2, 0x33, 0x22, 0x11, 0});  // background B,G,R,X
  testing::Deflater zlib_stream, zrle_stream;
  Bytes zlib = rect_header(16, 0, 2, 1, encoding::kZlib);
  const Bytes zlib_data = zlib_stream.chunk(Bytes{1, 2, 3, 0, 4, 5, 6, 0});
  testing::be32(zlib, static_cast<std::uint32_t>(zlib_data.size()));
  zlib.insert(zlib.end(), zlib_data.begin(), zlib_data.end());
  Bytes zrle = rect_header(0, 16, 64, 32, encoding::kZrle);
  const Bytes zrle_data = zrle_stream.chunk(Bytes{1, 0x99, 0x88, 0x77});  // one solid tile
  testing::be32(zrle, static_cast<std::uint32_t>(zrle_data.size()));
  zrle.insert(zrle.end(), zrle_data.begin(), zrle_data.end());
  stream.feed(cat({update_header(0, 3), hextile, zlib, zrle}));
  run_to_end();
  const auto& fb = client->framebuffer();
  EXPECT_EQ(fb.at(15, 15) & 0xFFFFFF, codecs::rgb(0x11, 0x22, 0x33));
  EXPECT_EQ(fb.at(17, 0) & 0xFFFFFF, codecs::rgb(6, 5, 4));
  EXPECT_EQ(fb.at(63, 47) & 0xFFFFFF, codecs::rgb(0x77, 0x88, 0x99));
}

TEST_F(RfbEncodings, LastRect_EndsTheUpdateEarly) {
  start({.dialect = Dialect::kRfb}, 4, 4);
  stream.feed(cat({update_header(0, 0xFFFF), testing::raw_rect(0, 0, 4, 4, 1, 2, 3),
                   rect_header(0, 0, 0, 0, encoding::kLastRect)}));
  run_to_end();
  EXPECT_EQ(client->updates(), 1u);
  EXPECT_TRUE(client->full_frame());
}

TEST_F(RfbEncodings, ExtendedDesktopSizeResizesAndDesktopNameRenames) {
  start();
  int resized_w = 0;
  client->observers.on_resize = [&](int w, int) { resized_w = w; };
  Bytes eds = rect_header(0, 0, 80, 60, encoding::kExtendedDesktopSize);
  eds.insert(eds.end(), {1, 0, 0, 0});
  eds.insert(eds.end(), 16, 0);  // one screen
  Bytes name = rect_header(0, 0, 0, 0, encoding::kDesktopName);
  testing::be32(name, 5);
  name.insert(name.end(), {'g', 'u', 'e', 's', 't'});
  stream.feed(cat({update_header(0, 2), eds, name}));
  run_to_end();
  EXPECT_EQ(resized_w, 80);
  EXPECT_EQ(client->framebuffer().width(), 80);
  EXPECT_EQ(client->server().name, "guest");
}

TEST_F(RfbEncodings, QemuExtendedKeyEventAck_SwitchesKeysToScancodes) {
  start();
  client->key(0x1E, 'a', true);
  EXPECT_EQ(stream.sent().back()[0], 4);  // plain KeyEvent before the ack
  stream.feed(cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuExtendedKeyEvent)}));
  run_to_end();
  EXPECT_TRUE(client->qemu_key_events());
  client->key(0x148, 0xFF52, true);  // Up: E0 48
  const Bytes expected = {255, 0, 0, 1, 0, 0, 0xFF, 0x52, 0, 0, 0, 0xC8};
  EXPECT_EQ(stream.sent().back(), expected);
}

int qemu_messages(const std::vector<Bytes>& sent) {
  int n = 0;
  for (const auto& m : sent) n += !m.empty() && m[0] == 255;
  return n;
}

TEST_F(RfbEncodings, QemuAckBeforeAnyPixel_ReleasesLeftShiftOnceToWakeTheRefreshTimer) {
  start();
  stream.feed(cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuExtendedKeyEvent)}));
  stream.feed(
      cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuLedState), Bytes{0}}));
  run_to_end();
  EXPECT_TRUE(client->woke_qemu_refresh());
  ASSERT_EQ(qemu_messages(stream.sent()), 1);
  const Bytes release_left_shift = {255, 0, 0, 0, 0, 0, 0xFF, 0xE1, 0, 0, 0, 0x2A};
  for (const auto& m : stream.sent()) {
    if (m[0] == 255) {
      EXPECT_EQ(m, release_left_shift);
    }
  }
}

TEST_F(RfbEncodings, QemuAckAfterPixels_SendsNoKey) {
  start();
  stream.feed(cat({update_header(0, 1), testing::raw_rect(0, 0, 4, 4, 1, 2, 3)}));
  stream.feed(cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuExtendedKeyEvent)}));
  run_to_end();
  EXPECT_TRUE(client->qemu_key_events());
  EXPECT_FALSE(client->woke_qemu_refresh());
  EXPECT_EQ(qemu_messages(stream.sent()), 0);
}

TEST_F(RfbEncodings, ServerWithoutQemuKeys_IsSentNoKey) {
  start();
  stream.feed(
      cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuLedState), Bytes{0}}));
  run_to_end();
  for (const auto& m : stream.sent()) EXPECT_NE(m[0], 4);
  EXPECT_EQ(qemu_messages(stream.sent()), 0);
}

TEST_F(RfbEncodings, QemuLedState_IsReported) {
  start();
  std::uint32_t seen = 0;
  client->observers.on_leds = [&](std::uint32_t leds) { seen = leds; };
  stream.feed(cat({update_header(0, 1), rect_header(0, 0, 0, 0, encoding::kQemuLedState),
                   Bytes{led::kNumLock | led::kCapsLock}}));
  run_to_end();
  EXPECT_EQ(seen, led::kNumLock | led::kCapsLock);
  EXPECT_EQ(client->leds(), led::kNumLock | led::kCapsLock);
}

TEST_F(RfbEncodings, RichCursorAndCursorWithAlpha_BecomeTheCursorShape) {
  start();
  Bytes rich = rect_header(1, 0, 2, 1, encoding::kRichCursor);
  rich.insert(rich.end(), {0, 0, 255, 0, 255, 0, 0, 0, 0x80});  // red, blue; mask 10
  stream.feed(cat({update_header(0, 1), rich}));
  run_to_end();
  ASSERT_TRUE(client->cursor().has_value());
  EXPECT_EQ(client->cursor()->hotspot_x, 1);
  EXPECT_EQ(client->cursor()->image.at(0, 0), 0xFFFF0000u);
  EXPECT_EQ(client->cursor()->image.at(1, 0) >> 24, 0u);

  Bytes alpha = rect_header(0, 0, 1, 1, encoding::kCursorWithAlpha);
  testing::be32(alpha, 0);
  alpha.insert(alpha.end(), {100, 50, 0, 128});  // premultiplied R,G,B,A
  stream.feed(cat({update_header(0, 1), alpha}));
  run_to_end();
  const codecs::Pixel p = client->cursor()->image.at(0, 0);
  EXPECT_EQ(p >> 24, 128u);
  EXPECT_EQ(codecs::red(p), 199);
  EXPECT_EQ(codecs::green(p), 99);
}

TEST_F(RfbEncodings, BadTightPayload_IsProtocolErrorNamingTheRectangle) {
  start();
  stream.feed(cat({update_header(0, 1), rect_header(0, 0, 8, 8, encoding::kTight), Bytes{0xB0}}));
  const std::string error = run_fails();
  EXPECT_NE(error.find("8x8 at 0,0"), std::string::npos) << error;
  EXPECT_NE(error.find("Tight"), std::string::npos) << error;
}

TEST_F(RfbEncodings, HugeZrleLength_IsRefusedBeforeReading) {
  start();
  Bytes zrle = rect_header(0, 0, 4, 4, encoding::kZrle);
  testing::be32(zrle, 0xFFFFFFF0);
  stream.feed(cat({update_header(0, 1), zrle}));
  EXPECT_NE(run_fails().find("too large"), std::string::npos);
}

}  // namespace
}  // namespace mks::rfb
