// mks-bench-encodings: bytes on the wire and decode time of one full frame per RFB encoding,
// against a real VNC server showing a still screen (a QEMU guest at its shell prompt).
// For each encoding it connects once announcing only that encoding, records the server's bytes
// up to the first full frame, then replays the recording through the client in memory, so the
// decode time excludes the network and the server. --save DIR keeps the recordings (the test
// data of tests/unit/rfb_captures_test.cpp) and the frame as PNG.
//
//   [MKS_VNC_PASSWORD=...] mks-bench-encodings vnc://127.0.0.1:5950 [--save DIR] [--repeat N]
#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/encoding_list.h"
#include "agent/rfb/vnc_password.h"
#include "agent/session/session.h"
#include "agent/transport/connect.h"
#include "codecs/png.h"

namespace {

namespace asio = boost::asio;
using Bytes = std::vector<std::uint8_t>;
using Clock = std::chrono::steady_clock;

// Passes everything through and keeps a copy of what the server sent.
class RecordingStream final : public mks::transport::ByteStream {
 public:
  RecordingStream(std::unique_ptr<ByteStream> inner, Bytes& record)
      : inner_(std::move(inner)), record_(record) {}
  asio::any_io_executor get_executor() override { return inner_->get_executor(); }
  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    const std::size_t n = co_await inner_->read_some(buffer);
    record_.insert(record_.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
    co_return n;
  }
  void send(Bytes bytes) override { inner_->send(std::move(bytes)); }
  asio::awaitable<void> close() override { co_await inner_->close(); }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<ByteStream> inner_;
  Bytes& record_;
};

// Plays a recording back; its end reads as the server closing.
class ReplayStream final : public mks::transport::ByteStream {
 public:
  ReplayStream(asio::io_context& io, const Bytes& bytes) : io_(io), bytes_(bytes) {}
  asio::any_io_executor get_executor() override { return io_.get_executor(); }
  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer) override {
    if (offset_ == bytes_.size()) throw mks::TransportError("end of recording");
    const std::size_t n = std::min(buffer.size(), bytes_.size() - offset_);
    std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(offset_), n, buffer.begin());
    offset_ += n;
    co_return n;
  }
  void send(Bytes) override {}
  asio::awaitable<void> close() override { co_return; }
  std::string describe() const override { return "recording"; }

 private:
  asio::io_context& io_;
  const Bytes& bytes_;
  std::size_t offset_ = 0;
};

template <typename T>
T run(asio::io_context& io, asio::awaitable<T> work) {
  auto done = asio::co_spawn(io, std::move(work), asio::use_future);
  io.restart();
  io.run();
  return done.get();
}

// The password ($MKS_VNC_PASSWORD) only matters when recording; a replay answers the
// recorded challenge with whatever it computes.
mks::rfb::ClientOptions options_for(std::int32_t encoding) {
  return {.dialect = mks::rfb::Dialect::kRfb,
          .encoding = encoding,
          .password = mks::rfb::vnc_password("")};
}

asio::awaitable<mks::codecs::Image> record(const mks::transport::Url& url, std::int32_t encoding,
                                           Bytes& recording) {
  mks::session::SessionOptions options;
  options.rfb = options_for(encoding);
  auto inner = co_await mks::transport::connect(url, options.connect);
  auto stream = std::make_unique<RecordingStream>(std::move(inner), recording);
  auto session = co_await mks::session::Session::open(std::move(stream), options);
  auto frame = co_await session->wait_full_frame(Clock::now() + std::chrono::seconds(20));
  co_await session->close();
  co_return frame;
}

// Decodes the whole recording once; returns seconds spent and the rectangles' encodings.
double replay_seconds(const Bytes& recording, std::int32_t encoding, mks::codecs::Image* frame) {
  asio::io_context io;
  ReplayStream stream(io, recording);
  mks::rfb::Client client(stream, options_for(encoding));
  run(io, client.start());
  const auto started = Clock::now();
  try {
    run(io, client.run());
  } catch (const mks::TransportError&) {
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (frame) *frame = client.framebuffer();
  return seconds;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: mks-bench-encodings vnc://HOST:PORT [--save DIR] [--repeat N]\n");
    return 2;
  }
  const auto url = mks::transport::Url::parse(argv[1]);
  std::string save_dir;
  int repeat = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--save") save_dir = argv[i + 1];
    if (flag == "--repeat") repeat = std::max(1, std::stoi(argv[i + 1]));
  }
  std::printf("%-9s %10s %9s %12s %s\n", "encoding", "bytes", "ratio", "decode ms",
              "same pixels as raw");
  mks::codecs::Image raw_frame;
  std::size_t raw_bytes = 0;
  for (const char* name : {"raw", "hextile", "zlib", "zrle", "tight", "tightpng"}) {
    const std::int32_t encoding = *mks::rfb::encoding_for_name(name);
    Bytes recording;
    try {
      asio::io_context io;
      run(io, record(url, encoding, recording));
    } catch (const std::exception& e) {
      std::printf("%-9s failed: %s\n", name, e.what());
      continue;
    }
    mks::codecs::Image frame;
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i)
      times.push_back(replay_seconds(recording, encoding, i ? nullptr : &frame));
    if (raw_frame.empty()) {
      raw_frame = frame;
      raw_bytes = recording.size();
    }
    std::printf("%-9s %10zu %8.1fx %12.3f %s\n", name, recording.size(),
                double(raw_bytes) / double(recording.size()), median(times) * 1000,
                frame == raw_frame ? "yes" : "NO");
    if (!save_dir.empty()) {
      std::ofstream(save_dir + "/qemu-" + name + ".rfb", std::ios::binary)
          .write(reinterpret_cast<const char*>(recording.data()),
                 static_cast<std::streamsize>(recording.size()));
      if (std::string(name) == "raw")
        mks::codecs::write_png_file(frame, save_dir + "/qemu-screen.png");
    }
  }
  std::printf(
      "(%dx%d; bytes: everything the server sent up to the first full frame; decode: "
      "median of %d in-memory replays)\n",
      raw_frame.width(), raw_frame.height(), repeat);
  return 0;
}
