// Server bytes recorded from a real QEMU (Debian 12's 7.2, the peer guest at its GRUB menu,
// VNC password "s3cret") by `mks-bench-encodings --save`, one recording per encoding. Each is
// replayed through the client and must draw exactly the screen the Raw recording drew
// (qemu-screen.png; the 1.1 MB Raw recording itself is not kept).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/encoding_list.h"
#include "codecs/png.h"
#include "fake_byte_stream.h"

namespace mks::rfb {
namespace {

const std::string kDataDir = std::string(MKS_SOURCE_DIR) + "/tests/data/rfb/";

testing::Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing test data " << path;
  return testing::Bytes(std::istreambuf_iterator<char>(in), {});
}

class RfbCapture : public ::testing::TestWithParam<const char*> {};

TEST_P(RfbCapture, ReplayDrawsTheRawScreen) {
  const std::string name = GetParam();
  boost::asio::io_context io;
  testing::FakeByteStream stream(io);
  stream.set_max_read(1500);  // about one TCP segment at a time
  stream.feed(read_file(kDataDir + "qemu-" + name + ".rfb"));
  const auto encoding = encoding_for_name(name);
  ASSERT_TRUE(encoding.has_value());
  Client client(stream, {.dialect = Dialect::kRfb, .encoding = encoding, .password = "s3cret"});
  testing::run_sync(io, client.start());
  EXPECT_THROW(testing::run_sync(io, client.run()), TransportError);  // end of the recording
  EXPECT_TRUE(client.full_frame());
  EXPECT_GT(client.rectangles_by_encoding().at(*encoding), 0u);
  const codecs::Image expected = codecs::read_png_file(kDataDir + "qemu-screen.png");
  EXPECT_EQ(client.framebuffer(), expected);
}

// Flipped bytes anywhere after the handshake end the connection with one error, never a crash.
TEST_P(RfbCapture, CorruptedReplay_EndsWithAProtocolOrTransportError) {
  const std::string name = GetParam();
  const testing::Bytes original = read_file(kDataDir + "qemu-" + name + ".rfb");
  ASSERT_GT(original.size(), 200u);
  std::mt19937 random(11);
  for (int trial = 0; trial < 40; ++trial) {
    testing::Bytes bytes = original;
    for (int i = 0; i < 3; ++i) {
      bytes[100 + random() % (bytes.size() - 100)] = static_cast<std::uint8_t>(random());
    }
    boost::asio::io_context io;
    testing::FakeByteStream stream(io);
    stream.feed(bytes);
    Client client(stream,
                  {.dialect = Dialect::kRfb, .encoding = encoding_for_name(name), .password = "x"});
    try {
      testing::run_sync(io, client.start());
      testing::run_sync(io, client.run());
    } catch (const AgentError&) {
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Qemu, RfbCapture,
                         ::testing::Values("hextile", "zlib", "zrle", "tight", "tightpng"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace mks::rfb
