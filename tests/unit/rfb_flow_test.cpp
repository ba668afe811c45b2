// Client update flow against scripted plain-RFB servers: continuous updates (EndOfContinuous
// Updates turns them on, requests stop, a resize re-enables them) and fences answered.
#include <gtest/gtest.h>

#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/protocol.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {
namespace {

using testing::Bytes;
using testing::cat;
using testing::raw_rect;
using testing::rect_header;
using testing::update_header;

const Bytes kEndOfContinuousUpdates{150};

Bytes request(std::uint8_t incremental, int w, int h) {
  Bytes out{3, incremental, 0, 0, 0, 0};
  testing::be16(out, static_cast<std::uint32_t>(w));
  testing::be16(out, static_cast<std::uint32_t>(h));
  return out;
}

Bytes enable_continuous_updates(int w, int h) {
  Bytes out{150, 1, 0, 0, 0, 0};
  testing::be16(out, static_cast<std::uint32_t>(w));
  testing::be16(out, static_cast<std::uint32_t>(h));
  return out;
}

// ServerFence and ClientFence have the same layout.
Bytes fence_message(std::uint32_t flags, const Bytes& payload) {
  Bytes out{248, 0, 0, 0};
  testing::be32(out, flags);
  out.push_back(static_cast<std::uint8_t>(payload.size()));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

class RfbFlow : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  Client client{stream, {.dialect = Dialect::kRfb}};

  void start(int w, int h) {
    stream.feed("RFB 003.008\n");
    stream.feed(Bytes{1, 1});
    stream.feed(testing::be32_bytes(0));
    stream.feed(testing::server_init(w, h, "Xvnc"));
    testing::run_sync(io, client.start());
    stream.clear_sent();
  }
  void run_to_end() { EXPECT_THROW(testing::run_sync(io, client.run()), TransportError); }
  std::string run_fails() {
    try {
      testing::run_sync(io, client.run());
    } catch (const ProtocolError& e) {
      return e.what();
    }
    ADD_FAILURE() << "run() did not end with a ProtocolError";
    return {};
  }
};

TEST_F(RfbFlow, EndOfContinuousUpdates_EnablesThemForTheWholeScreenAndRequestsStop) {
  start(8, 4);
  stream.feed(kEndOfContinuousUpdates);
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 4, 1, 2, 3)}));
  stream.feed(cat({update_header(0, 1), raw_rect(2, 2, 1, 1, 9, 9, 9)}));
  stream.feed(cat({update_header(0, 1), raw_rect(3, 1, 2, 1, 7, 7, 7)}));
  run_to_end();
  EXPECT_EQ(stream.sent(), std::vector<Bytes>{enable_continuous_updates(8, 4)});
  EXPECT_TRUE(client.continuous_updates());
  EXPECT_EQ(client.updates(), 3u);
  EXPECT_EQ(client.update_requests(), 1u);  // the first one, from start()
}

TEST_F(RfbFlow, WithoutEndOfContinuousUpdates_IncrementalRequestsGoOn) {
  start(8, 4);
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 4, 1, 2, 3)}));
  stream.feed(cat({update_header(0, 1), raw_rect(2, 2, 1, 1, 9, 9, 9)}));
  run_to_end();
  EXPECT_EQ(stream.sent(), (std::vector<Bytes>{request(1, 8, 4), request(1, 8, 4)}));
  EXPECT_FALSE(client.continuous_updates());
}

TEST_F(RfbFlow, ContinuousUpdatesBeforeTheScreenIsComplete_StillAskForTheRest) {
  start(8, 4);
  stream.feed(kEndOfContinuousUpdates);
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 2, 1, 2, 3)}));
  stream.feed(cat({update_header(0, 1), raw_rect(0, 2, 8, 2, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(stream.sent(), (std::vector<Bytes>{enable_continuous_updates(8, 4), request(0, 8, 4)}));
  EXPECT_TRUE(client.full_frame());
}

TEST_F(RfbFlow, Resize_ReEnablesContinuousUpdatesForTheNewSize) {
  start(8, 4);
  stream.feed(kEndOfContinuousUpdates);
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 4, 1, 2, 3)}));
  stream.feed(cat({update_header(0, 2), rect_header(0, 0, 6, 3, encoding::kDesktopSize),
                   raw_rect(0, 0, 6, 3, 4, 5, 6)}));
  run_to_end();
  EXPECT_EQ(stream.sent(),
            (std::vector<Bytes>{enable_continuous_updates(8, 4), enable_continuous_updates(6, 3)}));
  EXPECT_TRUE(client.full_frame());
}

TEST_F(RfbFlow, EndOfContinuousUpdatesWhileOn_GoesBackToRequests) {
  start(8, 4);
  stream.feed(kEndOfContinuousUpdates);
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 4, 1, 2, 3)}));
  stream.feed(kEndOfContinuousUpdates);
  stream.feed(cat({update_header(0, 1), raw_rect(2, 2, 1, 1, 9, 9, 9)}));
  run_to_end();
  EXPECT_EQ(stream.sent(), (std::vector<Bytes>{enable_continuous_updates(8, 4), request(1, 8, 4),
                                               request(1, 8, 4)}));
  EXPECT_FALSE(client.continuous_updates());
}

TEST_F(RfbFlow, FenceRequest_IsAnsweredWithItsPayloadAndTheOrderingFlags) {
  start(8, 4);
  const Bytes payload{0x01, 0xAB, 0xCD};
  // Request | SyncNext | BlockAfter | BlockBefore, plus an undefined bit 3 that is dropped.
  stream.feed(fence_message(0x8000000F, payload));
  run_to_end();
  EXPECT_EQ(stream.sent(), std::vector<Bytes>{fence_message(0x00000007, payload)});
  EXPECT_EQ(client.fences_answered(), 1u);
}

TEST_F(RfbFlow, FenceRequestWithoutFlagsOrPayload_IsEchoedEmpty) {
  start(8, 4);
  stream.feed(fence_message(0x80000000, {}));
  stream.feed(cat({update_header(0, 1), raw_rect(0, 0, 8, 4, 1, 2, 3)}));
  run_to_end();
  EXPECT_EQ(stream.sent(), (std::vector<Bytes>{fence_message(0, {}), request(1, 8, 4)}));
}

TEST_F(RfbFlow, FenceResponse_GetsNoAnswer) {
  start(8, 4);
  stream.feed(fence_message(fence::kBlockBefore, {0x01}));
  run_to_end();
  EXPECT_TRUE(stream.sent().empty());
}

TEST_F(RfbFlow, FenceReadInOneBytePieces_IsAnsweredOnce) {
  start(8, 4);
  stream.set_max_read(1);
  stream.feed(fence_message(0x80000001, {1, 2, 3, 4, 5}));
  run_to_end();
  EXPECT_EQ(stream.sent(), std::vector<Bytes>{fence_message(1, {1, 2, 3, 4, 5})});
}

TEST_F(RfbFlow, FenceOver64Bytes_IsProtocolError) {
  start(8, 4);
  stream.feed(fence_message(0x80000000, Bytes(65, 0)));
  EXPECT_NE(run_fails().find("fence"), std::string::npos);
  EXPECT_TRUE(stream.sent().empty());
}

TEST_F(RfbFlow, MessageTypesNextToTheFlowOnes_AreStillProtocolErrors) {
  for (std::uint8_t type : {149, 151, 247, 249}) {
    boost::asio::io_context io2;
    testing::FakeByteStream s{io2};
    Client c{s, {.dialect = Dialect::kRfb}};
    s.feed(testing::server_init(8, 4, "WebMKS"));
    testing::run_sync(io2, c.start());
    s.feed(Bytes{type});
    EXPECT_THROW(testing::run_sync(io2, c.run()), ProtocolError) << int{type};
  }
}

}  // namespace
}  // namespace mks::rfb
