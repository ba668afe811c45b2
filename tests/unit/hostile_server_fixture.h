#pragma once

// The scripted-server fixture shared by the hostile_server*_test.cpp files: a client on a
// FakeByteStream, and what start() / run() threw.
#include <gtest/gtest.h>

#include <string>

#include "agent/errors.h"
#include "agent/rfb/client.h"
#include "agent/rfb/protocol.h"
#include "fake_byte_stream.h"
#include "rfb_server_bytes.h"

namespace mks::rfb {

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class HostileServer : public ::testing::Test {
 protected:
  boost::asio::io_context io;
  testing::FakeByteStream stream{io};
  Client client{stream};

  void start_direct(int w = 64, int h = 48) {
    stream.feed(testing::server_init(w, h, "WebMKS"));
    testing::run_sync(io, client.start());
    stream.clear_sent();
  }
  // What start() threw (ProtocolError or AuthError).
  template <typename Error>
  std::string start_fails() {
    try {
      testing::run_sync(io, client.start());
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "start() did not end with the expected error";
    return {};
  }
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
  void run_to_end() { EXPECT_THROW(testing::run_sync(io, client.run()), TransportError); }
};

}  // namespace mks::rfb
