#include "agent/session/rfb_backend.h"

namespace mks::session {

namespace asio = boost::asio;

RfbBackend::RfbBackend(std::unique_ptr<transport::ByteStream> stream,
                       const rfb::ClientOptions& options)
    : stream_(std::move(stream)), client_(std::make_unique<rfb::Client>(*stream_, options)) {
  client_->observers.on_update = [this](std::span<const codecs::Rect> rects) {
    if (observers.on_update) observers.on_update(rects);
  };
  client_->observers.on_resize = [this](int width, int height) {
    if (observers.on_resize) observers.on_resize(width, height);
  };
}

RfbBackend::~RfbBackend() {
  client_.reset();
}

asio::awaitable<bool> RfbBackend::start_within(std::chrono::milliseconds timeout) {
  co_return co_await client_->start_within(timeout);
}

asio::awaitable<void> RfbBackend::run() {
  co_await client_->run();
}

asio::awaitable<void> RfbBackend::key(std::uint16_t scancode, std::uint32_t keysym, bool down) {
  client_->key(scancode, keysym, down);
  co_return;
}

asio::awaitable<void> RfbBackend::close() {
  co_await stream_->close();
}

}  // namespace mks::session
