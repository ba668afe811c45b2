#pragma once

#include <memory>

#include "agent/rfb/client.h"
#include "agent/session/console_backend.h"
#include "agent/transport/byte_stream.h"

namespace mks::session {

// A console over RFB (WebMKS, VNC, RFB in WebSocket): the stream and its RFB client.
class RfbBackend : public ConsoleBackend {
 public:
  RfbBackend(std::unique_ptr<transport::ByteStream> stream, const rfb::ClientOptions& options);
  ~RfbBackend() override;

  std::string describe() const override { return stream_->describe(); }
  boost::asio::any_io_executor executor() const override { return stream_->get_executor(); }
  boost::asio::awaitable<bool> start_within(std::chrono::milliseconds timeout) override;
  boost::asio::awaitable<void> run() override;
  const codecs::Image& framebuffer() const override { return client_->framebuffer(); }
  bool full_frame() const override { return client_->full_frame(); }
  bool in_update() const override { return client_->in_update(); }
  std::uint64_t updates() const override { return client_->updates(); }
  boost::asio::awaitable<void> key(std::uint16_t scancode, std::uint32_t keysym,
                                   bool down) override;
  bool takes_scancodes() const override { return client_->takes_scancodes(); }
  void pointer(int x, int y, std::uint8_t buttons) override { client_->pointer(x, y, buttons); }
  void say_goodbye() override { client_->say_goodbye(); }
  boost::asio::awaitable<void> close() override;
  const rfb::Client* rfb_client() const override { return client_.get(); }

 private:
  std::unique_ptr<transport::ByteStream> stream_;
  std::unique_ptr<rfb::Client> client_;  // refers to *stream_: destroyed first
};

}  // namespace mks::session
