#include "tests/fuzz/loopback_peer.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>

namespace mks::fuzz {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr std::string_view kReplySeparator = "\n@@@\n";
constexpr std::size_t kMaxRequestBody = 1 << 20;

std::size_t content_length(const std::string& headers) {
  std::string lower = headers;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = lower.find("content-length:");
  if (at == std::string::npos) return 0;
  return std::min<std::size_t>(std::strtoul(lower.c_str() + at + 15, nullptr, 10), kMaxRequestBody);
}

}  // namespace

std::deque<std::string> split_replies(std::string_view input) {
  std::deque<std::string> replies;
  while (true) {
    const auto at = input.find(kReplySeparator);
    replies.emplace_back(input.substr(0, at));
    if (at == std::string_view::npos) return replies;
    input.remove_prefix(at + kReplySeparator.size());
  }
}

LoopbackPeer::LoopbackPeer(asio::io_context& io, std::deque<std::string> replies, Rewrite rewrite)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      port_(acceptor_.local_endpoint().port()),
      replies_(std::move(replies)),
      rewrite_(std::move(rewrite)) {
  asio::co_spawn(io, accept_loop(), asio::detached);
}

void LoopbackPeer::stop() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> LoopbackPeer::accept_loop() {
  while (acceptor_.is_open()) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(acceptor_.get_executor(), answer(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> LoopbackPeer::answer(tcp::socket socket) {
  boost::system::error_code ec;
  asio::streambuf buffer;
  const std::size_t header_size = co_await asio::async_read_until(
      socket, buffer, "\r\n\r\n", asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  std::string request(
      asio::buffers_begin(buffer.data()),
      asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(header_size));
  const std::size_t body = content_length(request);
  if (buffer.size() - header_size < body) {
    co_await asio::async_read(socket, buffer,
                              asio::transfer_exactly(body - (buffer.size() - header_size)),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
  }
  std::string reply;
  if (!replies_.empty()) {
    reply = std::move(replies_.front());
    replies_.pop_front();
  }
  if (rewrite_) reply = rewrite_(request, std::move(reply));
  co_await asio::async_write(socket, asio::buffer(reply),
                             asio::redirect_error(asio::use_awaitable, ec));
  socket.shutdown(tcp::socket::shutdown_send, ec);
  // Drain what the client still sends (a WebSocket close) until it closes too.
  std::array<char, 4096> sink;
  while (!ec)
    co_await socket.async_read_some(asio::buffer(sink),
                                    asio::redirect_error(asio::use_awaitable, ec));
}

void run_with_peer(asio::io_context& io, LoopbackPeer& peer, asio::awaitable<void> work) {
  asio::co_spawn(io, std::move(work), [&peer](std::exception_ptr error) {
    peer.stop();
    if (error) std::rethrow_exception(error);
  });
  io.run();
}

}  // namespace mks::fuzz
