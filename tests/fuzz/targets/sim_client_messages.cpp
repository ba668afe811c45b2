// webmks-sim's server side of an RFB / WebMKS connection, fed what a client sends: the
// handshake replies (RFB 3.8 or direct), then client messages (SetEncodings, update
// requests, keys, pointer, cut text, VMware and QEMU messages). The simulator is reachable
// from the network, so a hostile client must not crash it either. The first byte picks the
// handshake and push mode.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>

#include "codecs/psf_font.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/unit/fake_byte_stream.h"
#include "tools/webmks_sim/rfb_server_session.h"
#include "tools/webmks_sim/sim_machine.h"

namespace {

std::shared_ptr<const mks::codecs::PsfFont> console_font() {
  static const auto font = std::make_shared<const mks::codecs::PsfFont>(
      mks::codecs::PsfFont::load("/usr/share/consolefonts/Lat15-VGA16.psf.gz"));
  return font;
}

}  // namespace

MKS_FUZZ_TARGET(sim_client_messages) {
  mks::fuzz::FuzzInput in(data, size);
  const std::uint8_t selector = in.byte();
  const auto client_bytes = in.rest();
  boost::asio::io_context io;
  mks::testing::FakeByteStream stream(io);
  stream.feed(mks::testing::Bytes(client_bytes.begin(), client_bytes.end()));
  // One machine for all inputs (its console keeps what earlier inputs typed): making one
  // per input would cost more than the session itself.
  static mks::sim::SimMachine machine(console_font(), mks::input::KeyboardLayout::by_name("us"));
  mks::sim::SessionOptions options;
  options.handshake = (selector & 1) ? mks::sim::Handshake::kDirect : mks::sim::Handshake::kRfb;
  options.push = selector & 2;
  options.heartbeat = std::chrono::milliseconds(0);
  bool finished = false;
  {
    mks::sim::RfbServerSession session(stream, machine, options, [](const nlohmann::json&) {});
    boost::asio::co_spawn(io, session.run(), [&finished](std::exception_ptr error) {
      finished = true;
      if (error) std::rethrow_exception(error);  // a simulator failure is a finding
    });
    for (int round = 0; round < 2 && !finished; ++round) {
      io.restart();
      io.poll();
      if (!finished) mks::testing::run_sync(io, stream.close());  // the client leaves
    }
    io.restart();
    io.poll();
  }
  return 0;
}
