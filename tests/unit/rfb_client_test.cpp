// Client::run() against scripted servers: updates and coverage, update requests and acks,
// VMware messages, key and pointer events, and hostile input.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/protocol.h"
#include "agent/session/typist.h"
#include "client_key_sink.h"
#include "codecs/png.h"
#include "codecs/tightpng_decoder.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::cat;
using testing::fill_rect;
using testing::raw_rect;
using testing::rect_header;
using testing::update_header;

Bytes request(std::uint8_t incremental, int w, int h) {
  Bytes out{3, incremental, 0, 0, 0, 0};
  testing::be16(out, static_cast<std::uint32_t>(w));
  testing::be16(out, static_cast<std::uint32_t>(h));
  return out;
}

class RfbClient : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  Client client{stream};

  // WebMKS direct variant: ServerInit first.
  void start_direct(int w = 64, int h = 48) {
    stream.feed(testing::server_init(w, h, "WebMKS"));
    testing::run_sync(io, client.start());
    stream.clear_sent();
  }
  // Plain RFB 3.8 handshake, security None.
  void start_rfb(int w = 64, int h = 48) {
    stream.feed("RFB 003.008\n");
    stream.feed(Bytes{1, 1});
    stream.feed(testing::be32_bytes(0));
    stream.feed(testing::server_init(w, h, "vnc"));
    testing::run_sync(io, client.start());
    stream.clear_sent();
  }
  // Runs the message loop over everything fed; the script's end shows as TransportError.
  void run_to_end() { EXPECT_THROW(testing::run_sync(io, client.run()), TransportError); }
  template <typename Error>
  std::string run_fails() {
    try {
      testing::run_sync(io, client.run());
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "run() did not end with the expected error";
    return {};
  }
  std::vector<Bytes> sent_of_type(std::uint8_t type) const {
    std::vector<Bytes> out;
    for (const auto& m : stream.sent()) {
      if (!m.empty() && m[0] == type) out.push_back(m);
    }
    return out;
  }
};

TEST_F(RfbClient, RawUpdatePaintsBgrxPixelsAndCoveringTheScreenIsAFullFrame) {
  start_direct(4, 2);
  stream.feed(cat({update_header(1, 1), raw_rect(0, 0, 4, 2, 0x12, 0x34, 0x56)}));
  run_to_end();
  EXPECT_TRUE(client.full_frame());
  EXPECT_EQ(client.framebuffer().at(3, 1) & 0xFFFFFF, codecs::rgb(0x12, 0x34, 0x56));
  EXPECT_EQ(client.updates(), 1u);
}

TEST_F(RfbClient, PartialUpdateIsNotAFullFrameUntilTheRestArrives) {
  start_direct(8, 8);
  stream.feed(cat({update_header(1, 1), fill_rect(0, 0, 8, 4, 1, 2, 3)}));
  run_to_end();
  EXPECT_FALSE(client.full_frame());
  stream.feed(
      cat({update_header(1, 2), fill_rect(0, 4, 4, 4, 1, 2, 3), fill_rect(4, 4, 4, 4, 9, 9, 9)}));
  run_to_end();
  EXPECT_TRUE(client.full_frame());
  EXPECT_EQ(client.framebuffer().at(7, 7) & 0xFFFFFF, codecs::rgb(9, 9, 9));
}

TEST_F(RfbClient, TightPngFillPaintsRgbInThatOrder) {
  start_direct(4, 4);
  stream.feed(cat({update_header(1, 1), fill_rect(1, 1, 2, 2, 0xFF, 0x80, 0x00)}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().at(1, 1) & 0xFFFFFF, codecs::rgb(0xFF, 0x80, 0x00));
  EXPECT_EQ(client.framebuffer().at(0, 0) & 0xFFFFFF, 0u);
}

TEST_F(RfbClient, TightPngPngPayloadIsDecoded) {
  start_direct(4, 4);
  codecs::Image tile(2, 3, codecs::rgb(10, 200, 30));
  const Bytes png = codecs::encode_png(tile);
  Bytes rect = rect_header(2, 1, 2, 3, encoding::kTightPng);
  rect.push_back(0xA0);
  codecs::tightpng::append_compact_length(rect, png.size());
  rect.insert(rect.end(), png.begin(), png.end());
  stream.feed(cat({update_header(1, 1), rect}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().at(3, 3) & 0xFFFFFF, codecs::rgb(10, 200, 30));
}

TEST_F(RfbClient, CopyRectFromPaintedAreaPaintsAndCounts) {
  start_direct(4, 2);
  Bytes copy = rect_header(2, 0, 2, 2, encoding::kCopyRect);
  copy.insert(copy.end(), {0, 0, 0, 0});
  stream.feed(cat({update_header(1, 2), fill_rect(0, 0, 2, 2, 5, 6, 7), copy}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().at(3, 1) & 0xFFFFFF, codecs::rgb(5, 6, 7));
  EXPECT_TRUE(client.full_frame());
}

TEST_F(RfbClient, CopyRectFromUnpaintedAreaDoesNotCompleteTheFrame) {
  start_direct(4, 2);
  Bytes copy = rect_header(0, 0, 2, 2, encoding::kCopyRect);
  copy.insert(copy.end(), {0, 1, 0, 0});  // source 1,0: its left column was never painted
  stream.feed(cat({update_header(1, 2), fill_rect(2, 0, 2, 2, 5, 6, 7), copy}));
  run_to_end();
  EXPECT_FALSE(client.full_frame());
}

TEST_F(RfbClient, UpdateObserverGetsThePaintedRectangles) {
  start_direct(8, 8);
  std::vector<codecs::Rect> seen;
  client.observers.on_update = [&](std::span<const codecs::Rect> rects) {
    seen.assign(rects.begin(), rects.end());
  };
  stream.feed(
      cat({update_header(1, 2), fill_rect(0, 0, 8, 4, 1, 1, 1), raw_rect(2, 4, 3, 2, 1, 1, 1)}));
  run_to_end();
  const std::vector<codecs::Rect> expected = {{0, 0, 8, 4}, {2, 4, 3, 2}};
  EXPECT_EQ(seen, expected);
}

TEST_F(RfbClient, WebMksRequestEchoesTheUpdateIdAsIncrementalByte) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), fill_rect(0, 0, 64, 48, 0, 0, 0)}));
  stream.feed(cat({update_header(0, 1), fill_rect(0, 0, 1, 1, 0, 0, 0)}));
  stream.feed(cat({update_header(7, 1), fill_rect(0, 0, 1, 1, 0, 0, 0)}));
  run_to_end();
  const std::vector<Bytes> expected = {request(1, 64, 48), request(0, 64, 48), request(7, 64, 48)};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, PlainRfbRequestsIncrementalOnlyOnceTheScreenIsComplete) {
  start_rfb(64, 48);
  stream.feed(cat({update_header(0, 1), fill_rect(0, 0, 64, 24, 0, 0, 0)}));
  stream.feed(cat({update_header(0, 1), fill_rect(0, 24, 64, 24, 0, 0, 0)}));
  run_to_end();
  const std::vector<Bytes> expected = {request(0, 64, 48), request(1, 64, 48)};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, UpdateAckCapReplacesRequestsWithVmwUpdateAck) {
  start_direct(64, 48);
  stream.feed(testing::server_caps(server_caps::kUpdateAck));
  stream.feed(cat({update_header(5, 1), fill_rect(0, 0, 64, 48, 0, 0, 0)}));
  run_to_end();
  ASSERT_EQ(stream.sent().size(), 1u);
  const Bytes& ack = stream.sent()[0];
  ASSERT_EQ(ack.size(), 8u);
  EXPECT_EQ(Bytes(ack.begin(), ack.begin() + 6), (Bytes{0x7f, 0x04, 0x00, 0x08, 5, 0}));
  EXPECT_GE(ack[6] << 8 | ack[7], 20);  // (decode ms + 2) * 10
  EXPECT_TRUE(sent_of_type(3).empty());
}

TEST_F(RfbClient, ServerCapsWithClientCapsBitIsAnsweredWithClientCaps) {
  start_direct();
  stream.feed(testing::server_caps(server_caps::kClientCaps | server_caps::kKeyEvent));
  run_to_end();
  const std::vector<Bytes> expected = {{0x7f, 0x03, 0x00, 0x08, 0x00, 0x00, 0xc1, 0x00}};
  EXPECT_EQ(stream.sent(), expected);
  EXPECT_EQ(client.server_caps(), server_caps::kClientCaps | server_caps::kKeyEvent);
}

TEST_F(RfbClient, ServerCapsWithoutClientCapsBitGetsNoAnswer) {
  start_direct();
  stream.feed(testing::server_caps(server_caps::kKeyEvent));
  run_to_end();
  EXPECT_TRUE(stream.sent().empty());
}

TEST_F(RfbClient, DirectVariantSendsVmwScancodeKeyEvents) {
  start_direct();
  client.key(0x1E, 'a', true);
  client.key(0x1E, 'a', false);
  const std::vector<Bytes> expected = {{0x7f, 0x00, 0x00, 0x08, 0x00, 0x1e, 0x01, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x00, 0x1e, 0x00, 0x00}};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, PlainRfbServerGetsKeysymKeyEvents) {
  start_rfb();
  client.key(0x1E, 'a', true);
  client.key(0x1E, 'a', false);
  const std::vector<Bytes> expected = {{0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61},
                                       {0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61}};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, KeyEventCapSwitchesRfbServerToScancodesAndLaterCapsSwitchBack) {
  start_rfb();
  stream.feed(testing::server_caps(server_caps::kKeyEvent));
  run_to_end();
  EXPECT_TRUE(client.takes_scancodes());
  client.key(0x153, 0xFFFF, true);
  EXPECT_EQ(stream.sent().back(), (Bytes{0x7f, 0x00, 0x00, 0x08, 0x01, 0x53, 0x01, 0x00}));
  stream.feed(testing::server_caps(0));
  run_to_end();
  EXPECT_FALSE(client.takes_scancodes());
}

TEST_F(RfbClient, VmwCursorStateAfterRfbHandshakeMeansVmwareScancodes) {
  start_rfb();
  EXPECT_FALSE(client.takes_scancodes());
  Bytes state = rect_header(0, 0, 0, 0, encoding::kVmwCursorState);
  state.insert(state.end(), {0x00, 0x00});
  stream.feed(cat({update_header(1, 1), state}));
  run_to_end();
  EXPECT_TRUE(client.takes_scancodes());
  EXPECT_FALSE(client.cursor_visible());
}

// ESXi's authentication daemon (902) starts at ServerInit too, but whether it takes VMware
// key events is not known: keysyms until the server's caps say so.
TEST(RfbClientAuthd, DirectServerWithoutCaps_GetsKeysymsUntilTheKeyEventCap) {
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  Client client{stream, ClientOptions{.direct_takes_scancodes = false}};
  stream.feed(testing::server_init(64, 48, "authd"));
  testing::run_sync(io, client.start());
  EXPECT_TRUE(client.server().direct_variant());
  EXPECT_FALSE(client.takes_scancodes());
  stream.clear_sent();
  client.key(0x1E, 'a', true);
  EXPECT_EQ(stream.sent().back()[0], 0x04);
  stream.feed(testing::server_caps(server_caps::kKeyEvent));
  EXPECT_THROW(testing::run_sync(io, client.run()), TransportError);
  EXPECT_TRUE(client.takes_scancodes());
}

TEST_F(RfbClient, TypistInKeysymModeHoldsShiftAroundTheShiftedKeysym) {
  start_rfb();
  testing::ClientKeySink sink(client);
  testing::run_sync(io, session::Typist(sink, std::chrono::milliseconds(0))
                            .type(U"A", input::KeyboardLayout::by_name("us")));
  const std::vector<Bytes> expected = {{0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xe1},
                                       {0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41},
                                       {0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41},
                                       {0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xe1}};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, TypistPressSendsCtrlAltDeleteAsVmwScancodes) {
  start_direct();
  const std::uint16_t cad[] = {0x1D, 0x38, 0x153};
  testing::ClientKeySink sink(client);
  testing::run_sync(io, session::Typist(sink, std::chrono::milliseconds(0)).press(cad));
  const std::vector<Bytes> expected = {{0x7f, 0x00, 0x00, 0x08, 0x00, 0x1d, 0x01, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x00, 0x38, 0x01, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x01, 0x53, 0x01, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x01, 0x53, 0x00, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x00, 0x38, 0x00, 0x00},
                                       {0x7f, 0x00, 0x00, 0x08, 0x00, 0x1d, 0x00, 0x00}};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, PointerEventIsClampedToTheFramebuffer) {
  start_direct(64, 48);
  client.pointer(10, 20, 1);
  client.pointer(1000, -5, 0);
  const std::vector<Bytes> expected = {{0x05, 0x01, 0x00, 0x0a, 0x00, 0x14},
                                       {0x05, 0x00, 0x00, 0x3f, 0x00, 0x00}};
  EXPECT_EQ(stream.sent(), expected);
}

TEST_F(RfbClient, HeartbeatIsReadWithoutReply) {
  start_direct();
  stream.feed(testing::vmware_message(4, Bytes{0x00, 0x01}));
  stream.feed(cat({update_header(1, 1), fill_rect(0, 0, 1, 1, 0, 0, 0)}));
  run_to_end();
  EXPECT_EQ(client.updates(), 1u);  // the stream stayed in step after the heartbeat
  EXPECT_EQ(stream.sent().size(), 1u);
}

TEST_F(RfbClient, LedStateIsStoredAndReported) {
  start_direct();
  std::uint32_t reported = 0;
  client.observers.on_leds = [&](std::uint32_t leds) { reported = leds; };
  Bytes led = rect_header(0, 0, 0, 0, encoding::kVmwLedState);
  led.insert(led.end(), {0, 0, 0, 6});
  stream.feed(cat({update_header(1, 1), led}));
  run_to_end();
  EXPECT_EQ(client.leds(), led::kNumLock | led::kCapsLock);
  EXPECT_EQ(reported, 6u);
}

TEST_F(RfbClient, SessionCloseReasonIsRememberedAndReported) {
  start_direct();
  std::optional<std::uint32_t> reported;
  client.observers.on_session_close = [&](std::uint32_t reason) { reported = reason; };
  stream.feed(testing::vmware_message(7, testing::be32_bytes(23)));
  run_to_end();
  EXPECT_EQ(client.session_close_reason(), 23u);
  EXPECT_EQ(reported, 23u);
}

TEST_F(RfbClient, ReconnectTokenIsRemembered) {
  start_direct();
  stream.feed(testing::vmware_message(6, Bytes{'t', 'o', 'k'}));
  run_to_end();
  EXPECT_EQ(client.reconnect_token(), "tok");
}

TEST_F(RfbClient, UnknownVmwareMessageIsSkippedByItsLength) {
  start_direct();
  stream.feed(testing::vmware_message(42, Bytes{1, 2, 3, 4, 5}));
  stream.feed(cat({update_header(1, 1), fill_rect(0, 0, 1, 1, 0, 0, 0)}));
  run_to_end();
  EXPECT_EQ(client.updates(), 1u);
}

TEST_F(RfbClient, BellColourMapAndCutTextAreConsumedInStep) {
  start_direct();
  Bytes colour_map{1, 0, 0, 0, 0, 2};
  colour_map.resize(colour_map.size() + 12, 0xAA);
  Bytes cut{3, 0, 0, 0};
  testing::be32(cut, 5);
  cut.insert(cut.end(), {'h', 'e', 'l', 'l', 'o'});
  stream.feed(
      cat({Bytes{2}, colour_map, cut, update_header(1, 1), fill_rect(0, 0, 1, 1, 0, 0, 0)}));
  run_to_end();
  EXPECT_EQ(client.cut_text(), "hello");
  EXPECT_EQ(client.updates(), 1u);
}

TEST_F(RfbClient, CursorShapePositionAndVisibilityAreKept) {
  start_direct();
  Bytes shape = rect_header(1, 2, 2, 2, encoding::kVmwDefineCursor);
  shape.insert(shape.end(), {1, 0});  // alpha cursor
  for (int i = 0; i < 4; ++i) shape.insert(shape.end(), {0x00, 0x00, 0xFF, 0xFF});
  Bytes position = rect_header(30, 40, 0, 0, encoding::kVmwCursorPosition);
  stream.feed(cat({update_header(1, 2), shape, position}));
  run_to_end();
  ASSERT_TRUE(client.cursor());
  EXPECT_EQ(client.cursor()->image.width(), 2);
  EXPECT_EQ(client.cursor()->hotspot_x, 1);
  EXPECT_EQ(client.cursor()->hotspot_y, 2);
  EXPECT_EQ(client.cursor_x(), 30);
  EXPECT_EQ(client.cursor_y(), 40);
  EXPECT_TRUE(client.cursor_visible());
}

TEST_F(RfbClient, TypematicAndFrameStampPayloadsAreSkipped) {
  start_direct(4, 4);
  Bytes typematic = rect_header(0, 0, 0, 0, encoding::kVmwTypematicInfo);
  typematic.resize(typematic.size() + 10, 0x01);
  Bytes stamp = rect_header(0, 0, 0, 0, encoding::kVmwFrameStamp);
  stamp.resize(stamp.size() + 8, 0x02);
  stream.feed(cat({update_header(1, 3), typematic, stamp, fill_rect(0, 0, 4, 4, 3, 3, 3)}));
  run_to_end();
  EXPECT_TRUE(client.full_frame());
}

TEST_F(RfbClient, DesktopSizeResizesClearsCoverageAndNextRequestUsesNewSize) {
  start_direct(64, 48);
  std::pair<int, int> resized;
  client.observers.on_resize = [&](int w, int h) { resized = {w, h}; };
  stream.feed(cat({update_header(1, 1), fill_rect(0, 0, 64, 48, 0, 0, 0)}));
  stream.feed(cat({update_header(1, 1), rect_header(0, 0, 100, 50, encoding::kDesktopSize)}));
  run_to_end();
  EXPECT_EQ(client.framebuffer().width(), 100);
  EXPECT_EQ(client.framebuffer().height(), 50);
  EXPECT_FALSE(client.full_frame());
  EXPECT_EQ(resized, (std::pair{100, 50}));
  EXPECT_EQ(stream.sent().back(), request(1, 100, 50));
}

// Hostile input: each must end the loop with a ProtocolError (or TransportError for a stream
// that ends early), never a crash or a huge allocation.

TEST_F(RfbClient, UnknownMessageTypeIsProtocolError) {
  start_direct();
  stream.feed(Bytes{9});
  EXPECT_NE(run_fails<ProtocolError>().find("message type 9"), std::string::npos);
}

TEST_F(RfbClient, UnknownEncodingIsProtocolError) {
  start_direct();
  stream.feed(cat({update_header(1, 1), rect_header(0, 0, 1, 1, 12345)}));
  EXPECT_NE(run_fails<ProtocolError>().find("12345"), std::string::npos);
}

TEST_F(RfbClient, AnnounceOnlyEncodingInARectangleIsProtocolError) {
  start_direct();
  stream.feed(cat({update_header(1, 1), rect_header(0, 0, 1, 1, encoding::kVmwServerCaps)}));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, WrongFixedVmwareLengthsAreProtocolErrors) {
  for (const auto& [id, payload] : std::vector<std::pair<std::uint8_t, Bytes>>{
           {0, Bytes(5, 0)}, {4, Bytes(4, 0)}, {7, Bytes(2, 0)}, {3, Bytes(4, 0)}, {8, Bytes{}}}) {
    boost::asio::io_context io2;
    testing::FakeByteStream s{io2};
    Client c{s};
    s.feed(testing::server_init(8, 8, "x"));
    testing::run_sync(io2, c.start());
    s.feed(testing::vmware_message(id, payload));
    EXPECT_THROW(testing::run_sync(io2, c.run()), ProtocolError) << "VMware message " << int{id};
  }
}

TEST_F(RfbClient, VmwareLengthBelowHeaderIsProtocolError) {
  start_direct();
  stream.feed(Bytes{127, 42, 0, 3});
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, RectangleOutsideTheFramebufferIsProtocolErrorNamingIt) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), rect_header(60, 0, 8, 8, encoding::kRaw)}));
  const std::string message = run_fails<ProtocolError>();
  EXPECT_NE(message.find("8x8 at 60,0"), std::string::npos) << message;
  EXPECT_NE(message.find("outside"), std::string::npos) << message;
}

TEST_F(RfbClient, TightPngOutsideTheFramebufferIsProtocolError) {
  start_direct(64, 48);
  stream.feed(cat({update_header(1, 1), fill_rect(0, 40, 64, 9, 0, 0, 0)}));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, CopyRectSourceOutsideTheFramebufferIsProtocolError) {
  start_direct(64, 48);
  Bytes copy = rect_header(0, 0, 8, 8, encoding::kCopyRect);
  copy.insert(copy.end(), {0, 60, 0, 0});
  stream.feed(cat({update_header(1, 1), copy}));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, CorruptPngIsProtocolErrorNamingTheRectangle) {
  start_direct(64, 48);
  Bytes rect = rect_header(0, 0, 4, 4, encoding::kTightPng);
  rect.insert(rect.end(), {0xA0, 10});
  rect.resize(rect.size() + 10, 0x55);
  stream.feed(cat({update_header(1, 1), rect}));
  const std::string message = run_fails<ProtocolError>();
  EXPECT_NE(message.find("4x4 at 0,0"), std::string::npos) << message;
}

TEST_F(RfbClient, UnknownCursorTypeIsProtocolError) {
  start_direct();
  Bytes shape = rect_header(0, 0, 2, 2, encoding::kVmwDefineCursor);
  shape.insert(shape.end(), {9, 0});
  stream.feed(cat({update_header(1, 1), shape}));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, HugeDesktopSizeIsProtocolError) {
  start_direct();
  stream.feed(cat({update_header(1, 1), rect_header(0, 0, 65535, 65535, encoding::kDesktopSize)}));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, OversizedCutTextIsReadPastAndDropped) {
  start_direct();
  Bytes cut{3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF};
  stream.feed(cut);
  run_to_end();
  EXPECT_EQ(client.cut_text(), "");
}

TEST_F(RfbClient, OversizedAudioDataIsProtocolError) {
  start_direct();
  Bytes audio = testing::be32_bytes(0xFFFFFFF0);
  audio.resize(32, 0);
  stream.feed(testing::vmware_message(3, audio));
  run_fails<ProtocolError>();
}

TEST_F(RfbClient, StreamEndingInsideARectangleIsTransportError) {
  start_direct(64, 48);
  Bytes partial = cat({update_header(1, 1), raw_rect(0, 0, 8, 8, 1, 2, 3)});
  partial.erase(partial.end() - 10, partial.end());
  stream.feed(partial);
  run_to_end();
  EXPECT_EQ(client.updates(), 0u);
}

TEST_F(RfbClient, RandomBytesAfterServerInitNeverCrash) {
  std::mt19937 random(1234);
  for (int round = 0; round < 300; ++round) {
    boost::asio::io_context io2;
    testing::FakeByteStream s{io2};
    Client c{s};
    s.feed(testing::server_init(32, 32, "fuzz"));
    testing::run_sync(io2, c.start());
    Bytes junk(1 + random() % 200);
    for (auto& b : junk) b = static_cast<std::uint8_t>(random());
    // Bias towards valid message starts so the parser gets past the first byte.
    junk[0] = std::array<std::uint8_t, 5>{0, 1, 2, 3, 127}[random() % 5];
    s.feed(junk);
    try {
      testing::run_sync(io2, c.run());
      ADD_FAILURE() << "run() returned";
    } catch (const ProtocolError&) {
    } catch (const TransportError&) {
    }
  }
}

}  // namespace
}  // namespace mks::rfb
