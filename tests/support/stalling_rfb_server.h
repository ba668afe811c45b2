#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <string>
#include <thread>

namespace mks::test {

// A VNC server on 127.0.0.1 that completes the RFB 3.8 handshake (security None, a 64x48
// BGRX screen) and then stops short of a whole frame, keeping the connection open for
// `hold` — what a flaky ESXi link or a wedged server looks like to the agent. Runs on a
// thread of its own; every connection gets the same treatment.
class StallingRfbServer {
 public:
  enum class Mode {
    kHalfUpdate,           // a Raw FramebufferUpdate header and half its pixels, then nothing
    kTrickle,              // the same update one byte every 10 ms (it would take 2 minutes)
    kFrameThenHalfUpdate,  // one whole update, then half of the next
  };

  enum class Transport {
    kTcp,        // vnc://
    kWebSocket,  // ws:// (RFB over WebSocket, as QEMU serves it); the server stops reading
                 // too, so it never answers the agent's close handshake
  };

  explicit StallingRfbServer(Mode mode, Transport transport = Transport::kTcp,
                             std::chrono::seconds hold = std::chrono::seconds(60));
  ~StallingRfbServer();
  StallingRfbServer(const StallingRfbServer&) = delete;
  StallingRfbServer& operator=(const StallingRfbServer&) = delete;

  int port() const { return port_; }
  std::string url() const;
  std::chrono::seconds hold() const { return hold_; }

 private:
  boost::asio::io_context io_;
  Transport transport_;
  int port_ = 0;
  std::chrono::seconds hold_;
  std::thread thread_;
};

}  // namespace mks::test
