#include "tools/webmks_sim/net/authd_dialogue.h"

#include <spdlog/spdlog.h>

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>

#include "agent/errors.h"
#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/tls_byte_stream.h"

namespace mks::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using transport::TlsTcpStream;

constexpr std::chrono::seconds kDialogueTimeout{10};
constexpr std::size_t kMaxLine = 4096;
constexpr std::size_t kNonceSize = 16;

constexpr std::string_view kGreeting =
    "220 VMware Authentication Daemon Version 1.10: SSL Required, ServerDaemonProtocol:SOAP, "
    "MKSDisplayProtocol:VNC , VMXARGS supported, NFCSSL supported\r\n";
constexpr std::string_view kOldGreeting =
    "220 VMware Authentication Daemon Version 1.00, ServerDaemonProtocol:SOAP, "
    "MKSDisplayProtocol:VNC , ,\r\n";
constexpr std::string_view kSshGreeting = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n";

// The dialogue's state: who logged in with which ticket, the nonce, the VM.
class Dialogue {
 public:
  Dialogue(AuthdShared& shared, std::string peer) : shared_(shared), peer_(std::move(peer)) {}

  // Answers one command line; sets `connected` with "200 Connect", after which the second
  // TLS session follows.
  std::string answer(std::string_view line, bool& connected) {
    const auto space = line.find(' ');
    const std::string_view verb = line.substr(0, space);
    const std::string_view argument =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    if (verb == "USER") {
      user_ = std::string(argument);
      return "331 Password required for " + user_ + ".";
    }
    if (verb == "PASS") return log_in(argument);
    if (!logged_in_) return "530 Please login with USER and PASS.";
    if (verb == "THUMBPRINT") {
      nonce_ = std::string(argument);
      return "200 " + shared_.vmx_sha1;
    }
    if (verb == "CONNECT") return connect(argument, connected);
    return "500 Unknown command.";
  }

  const std::string& ticket() const { return user_; }
  const std::string& nonce() const { return nonce_; }

 private:
  std::string log_in(std::string_view password) {
    if (user_.empty() || password != user_) return "530 Login incorrect.";
    if (shared_.options.fault == AuthdFault::kRefuseLogin) return "530 Login incorrect.";
    if (shared_.options.fault == AuthdFault::kExpireFirstTicket &&
        !shared_.first_ticket_expired.exchange(true)) {
      return refuse_ticket("expired");
    }
    auto check = shared_.tickets.consume(user_);
    if (check == TicketBook::Check::kUnknown && shared_.options.accept_foreign_tickets) {
      shared_.tickets.add(user_);
      check = shared_.tickets.consume(user_);
    }
    if (check != TicketBook::Check::kUsable) {
      return refuse_ticket(check == TicketBook::Check::kUsed ? "used" : "unknown");
    }
    logged_in_ = true;
    return "230 User " + user_ + " logged in.";
  }

  std::string refuse_ticket(std::string_view reason) {
    shared_.emit({{"event", "authd-ticket-refused"},
                  {"ticket", short_ticket(user_)},
                  {"peer", peer_},
                  {"reason", reason}});
    return "530 Login incorrect.";
  }

  std::string connect(std::string_view argument, bool& connected) {
    const auto last = argument.rfind(' ');
    if (last == std::string_view::npos || argument.substr(last + 1) != "mks" || last == 0) {
      return "501 Bad arguments.";
    }
    cfg_file_ = std::string(argument.substr(0, last));
    switch (shared_.options.fault) {
      case AuthdFault::kNoSuchVm:
        return "553 No such virtual machine: " + cfg_file_;
      case AuthdFault::kBusy:
        return "552 Virtual machine is busy.";
      case AuthdFault::kRedirect:
        return "630 Ticket " + shared_.tickets.issue() + "," + redirect_host() + "," +
               redirect_port();
      default:
        break;
    }
    if (nonce_.empty()) return "503 THUMBPRINT first.";
    connected = true;
    return "200 Connect " + cfg_file_;
  }

  std::string redirect_host() const {
    return shared_.options.redirect_to.substr(0, shared_.options.redirect_to.rfind(':'));
  }
  std::string redirect_port() const {
    return shared_.options.redirect_to.substr(shared_.options.redirect_to.rfind(':') + 1);
  }

  AuthdShared& shared_;
  std::string peer_;
  std::string user_;
  std::string nonce_;
  std::string cfg_file_;
  bool logged_in_ = false;
};

template <class Stream>
asio::awaitable<std::optional<std::string>> read_line(Stream& stream, std::string& pending) {
  error_code ec;
  const std::size_t n =
      co_await asio::async_read_until(stream, asio::dynamic_buffer(pending, kMaxLine), '\n',
                                      asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return std::nullopt;
  std::string line = pending.substr(0, n);
  pending.erase(0, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  co_return line;
}

template <class Stream>
asio::awaitable<bool> write_text(Stream& stream, std::string_view text) {
  error_code ec;
  co_await asio::async_write(stream, asio::buffer(text.data(), text.size()),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

std::string peer_of(const asio::ip::tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "?";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// The fault greetings end the connection after the line.
std::string_view greeting(AuthdFault fault) {
  if (fault == AuthdFault::kNoTls) return kOldGreeting;
  if (fault == AuthdFault::kNotAuthd) return kSshGreeting;
  return kGreeting;
}

void fail(AuthdShared& shared, const std::string& peer, const std::string& why) {
  spdlog::debug("authd {}: {}", peer, why);
  shared.emit({{"event", "authd-closed"}, {"peer", peer}, {"reason", why}});
}

}  // namespace

asio::awaitable<void> serve_authd(std::shared_ptr<AuthdShared> shared,
                                  asio::ip::tcp::socket socket) {
  const std::string peer = peer_of(socket);
  // As on the WebMKS side: the TLS records after the second handshake and the first RFB
  // messages must not wait for the client's delayed ACK (Nagle): ~40 ms.
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  beast::tcp_stream tcp(std::move(socket));
  tcp.expires_after(kDialogueTimeout);
  const AuthdFault fault = shared->options.fault;
  if (!co_await write_text(tcp, greeting(fault))) co_return;
  if (fault == AuthdFault::kNoTls || fault == AuthdFault::kNotAuthd) {
    fail(*shared, peer, "greeting fault");
    co_return;
  }

  auto first = std::make_unique<TlsTcpStream>(std::move(tcp), *shared->daemon_tls);
  error_code ec;
  co_await first->async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(*shared, peer, "TLS handshake: " + ec.message());
    co_return;
  }

  Dialogue dialogue(*shared, peer);
  std::string pending;
  bool connected = false;
  while (!connected) {
    const auto line = co_await read_line(*first, pending);
    if (!line) {
      fail(*shared, peer, "the client left during the dialogue");
      co_return;
    }
    const std::string reply = dialogue.answer(*line, connected);
    if (!co_await write_text(*first, reply + "\r\n")) co_return;
  }

  // The second session starts on the raw socket; the first is dropped without close_notify.
  beast::tcp_stream raw(std::move(first->next_layer()));
  first.reset();
  auto second = std::make_unique<TlsTcpStream>(std::move(raw), *shared->vmx_tls);
  co_await second->async_handshake(asio::ssl::stream_base::server,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    fail(*shared, peer, "second TLS handshake: " + ec.message());
    co_return;
  }
  std::string nonce(kNonceSize, '\0');
  co_await asio::async_read(*second, asio::buffer(nonce.data(), nonce.size()),
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec || nonce != dialogue.nonce()) {
    {
      fail(*shared, peer, "the nonce on the second session did not match");
      co_return;
    }
  }
  beast::get_lowest_layer(*second).expires_never();

  ConnectionInfo info;
  info.ticket = dialogue.ticket();
  info.peer = peer;
  info.key = info.ticket.substr(0, info.ticket.find('.'));
  info.authd = true;
  shared->emit(
      {{"event", "authd-connected"}, {"ticket", short_ticket(info.ticket)}, {"peer", peer}});
  auto stream = transport::make_handle(
      transport::make_tls_stream(std::move(second), shared->vmx_tls, "authd client " + peer));
  co_await shared->on_session(std::move(stream), std::move(info));
}

}  // namespace mks::sim
