#pragma once

#include "agent/rfb/client.h"
#include "agent/session/key_sink.h"

namespace mks::testing {

// Key events straight into an RFB client, for Typist tests without a Session.
class ClientKeySink : public session::KeySink {
 public:
  explicit ClientKeySink(rfb::Client& client) : client_(client) {}
  boost::asio::any_io_executor executor() const override { return client_.executor(); }
  boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym,
                                   bool down) override {
    client_.key(scancode, keysym, down);
    co_return;
  }
  bool takes_scancodes() const override { return client_.takes_scancodes(); }

 private:
  rfb::Client& client_;
};

}  // namespace mks::testing
