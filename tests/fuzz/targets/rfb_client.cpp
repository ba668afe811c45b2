// The RFB / WebMKS client fed a whole server->client stream: whichever handshake the bytes
// start with (RFB 3.3/3.7/3.8 with None or VNC auth, or WebMKS direct ServerInit), then the
// message loop (updates in every encoding, cursors, VMware and QEMU messages, fences, cut
// text, resizes). The first byte picks the client's options and how the stream is cut into
// reads; input is sent after the loop ends, as a runbook would.
#include <boost/asio/io_context.hpp>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "codecs/decode_error.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/unit/fake_byte_stream.h"

namespace {

mks::rfb::ClientOptions options_for(std::uint8_t selector) {
  static constexpr std::array<std::optional<std::int32_t>, 8> kEncodings = {
      std::nullopt, 0, 5, 6, 7, 16, -260, std::nullopt};
  mks::rfb::ClientOptions options;
  options.dialect = static_cast<mks::rfb::Dialect>(selector % 3);
  options.encoding = kEncodings[(selector >> 2) % kEncodings.size()];
  options.password = "s3cret";  // VNC auth is then possible, None still is
  return options;
}

std::size_t read_size_for(std::uint8_t selector) {
  static constexpr std::array<std::size_t, 4> kSizes = {SIZE_MAX, 1500, 7, 1};
  return kSizes[(selector >> 6) % kSizes.size()];
}

}  // namespace

MKS_FUZZ_TARGET(rfb_client) {
  mks::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.byte();
  const auto stream_bytes = in.rest();
  boost::asio::io_context io;
  mks::testing::FakeByteStream stream(io);
  stream.set_max_read(read_size_for(selector));
  stream.feed(mks::testing::Bytes(stream_bytes.begin(), stream_bytes.end()));
  mks::rfb::Client client(stream, options_for(selector));
  try {
    mks::testing::run_sync(io, client.start());
    mks::testing::run_sync(io, client.run());
  } catch (const mks::AgentError& e) {
    mks::fuzz::expected_error(e);
  } catch (const mks::codecs::DecodeError& e) {
    mks::fuzz::expected_error(e);
  }
  client.key(0x1c, 0xff0d, true);
  client.key(0x1c, 0xff0d, false);
  client.pointer(10, 10, 1);
  return 0;
}
