#include "agent/transport/authd_connect.h"

#include <openssl/ssl.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <vector>

#include "agent/errors.h"
#include "agent/transport/authd_reply.h"
#include "agent/transport/queued_byte_stream.h"
#include "agent/transport/tcp_connect.h"
#include "agent/transport/tls_byte_stream.h"
#include "agent/transport/tls_client.h"

namespace mks::transport {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLine = 4096;

// ESXi turns TLS 1.0 and 1.1 off; so does the agent on this path (1.2 or later).
std::shared_ptr<asio::ssl::context> authd_context(const TlsOptions& options) {
  auto context = make_client_context(options);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  return context;
}

// One authd conversation: a TCP connection, the first TLS session and the reply lines read
// from it; secrets_ are what no message may show.
class AuthdDialogue {
 public:
  AuthdDialogue(const AuthdTicket& ticket, const AuthdOptions& options, Clock::time_point deadline)
      : ticket_(ticket),
        options_(options),
        target_{ticket.host, ticket.port, describe_authd(ticket), options.timeout, deadline},
        secrets_{ticket.ticket} {}

  asio::awaitable<void> open() {
    tcp_ = std::make_unique<beast::tcp_stream>(co_await transport::connect_tcp(target_));
    const std::string banner = co_await read_line(*tcp_, "greeting");
    if (!authd_banner_requires_tls(banner)) {
      throw ProtocolError(target_.description +
                          " is an authentication daemon without TLS (an old GSX or Workstation "
                          "host); mksagent sends tickets only over TLS");
    }
    co_await first_tls();
  }

  // USER and PASS with the ticket: 530 means it is used, expired or wrong.
  asio::awaitable<void> log_in() {
    AuthdReply reply = co_await command("USER " + ticket_.ticket);
    if (reply.code == 331) reply = co_await command("PASS " + ticket_.ticket);
    if (reply.code == 530) {
      throw TicketError(
          "the host's authentication daemon refused the mks ticket (530): it is "
          "single-use and short-lived, already used or expired — get a new ticket");
    }
    expect(reply, 230, "logging in with the ticket");
  }

  // THUMBPRINT: the SHA-1 of the certificate the second TLS session will present.
  asio::awaitable<Thumbprint> ask_thumbprint(const std::string& nonce) {
    secrets_.push_back(nonce);
    const AuthdReply reply = co_await command("THUMBPRINT " + nonce);
    expect(reply, 200, "THUMBPRINT");
    const std::string token = reply.text.substr(0, reply.text.find(' '));
    try {
      Thumbprint thumbprint = Thumbprint::parse(token);
      if (thumbprint.algorithm == Thumbprint::Algorithm::kSha1) co_return thumbprint;
    } catch (const std::invalid_argument&) {
    }
    throw ProtocolError(
        "the authentication daemon answered THUMBPRINT without a SHA-1 "
        "thumbprint (\"" +
        token.substr(0, 80) + "\")");
  }

  // CONNECT: 200, or a 630 redirect to follow, or the host's refusal.
  asio::awaitable<std::optional<AuthdRedirect>> connect_vm() {
    const AuthdReply reply = co_await command("CONNECT " + ticket_.cfg_file + " mks");
    if (auto redirect = parse_authd_redirect(reply)) co_return redirect;
    if (reply.code / 100 == 5) throw AgentError(connect_refusal(reply));
    expect(reply, 200, "CONNECT");
    co_return std::nullopt;
  }

  // The second TLS session, started on the raw socket (the first is dropped without a
  // close_notify, which would reach the new TLS server first), pinned, then the nonce.
  asio::awaitable<std::unique_ptr<ByteStream>> second_tls(const Thumbprint& announced,
                                                          const std::string& nonce) {
    beast::tcp_stream raw(std::move(tls_->next_layer()));
    tls_.reset();
    const TlsOptions pinned{.insecure = false, .thumbprint = announced};
    auto context = authd_context(pinned);
    auto tls = std::make_unique<TlsTcpStream>(std::move(raw), *context);
    co_await handshake(*tls, pinned, "second TLS handshake");
    error_code ec;
    co_await asio::async_write(*tls, asio::buffer(nonce),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw_network_error(ec, target_, "nonce");
    beast::get_lowest_layer(*tls).expires_never();
    co_return make_handle(make_tls_stream(std::move(tls), context, target_.description));
  }

 private:
  asio::awaitable<void> first_tls() {
    const TlsOptions options{.insecure = options_.insecure, .thumbprint = ticket_.thumbprint};
    context_ = authd_context(options);
    tls_ = std::make_unique<TlsTcpStream>(std::move(*tcp_), *context_);
    tcp_.reset();
    co_await handshake(*tls_, options, "TLS handshake");
  }

  asio::awaitable<void> handshake(TlsTcpStream& tls, const TlsOptions& options,
                                  std::string_view stage) {
    auto report = std::make_shared<TlsVerifyReport>();
    prepare_client_stream(tls, ticket_.host, options, report);
    error_code ec;
    co_await tls.async_handshake(asio::ssl::stream_base::client,
                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec == beast::error::timeout) throw_network_error(ec, target_, stage);
    if (ec) throw_handshake_error(ec, ticket_.host, *report);
    check_pinned_certificate(tls, options);
  }

  asio::awaitable<AuthdReply> command(const std::string& line) {
    error_code ec;
    co_await asio::async_write(*tls_, asio::buffer(line + "\r\n"),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw_network_error(ec, target_, "reply");
    co_return parse_authd_reply(co_await read_line(*tls_, "reply"), secrets_);
  }

  template <class Stream>
  asio::awaitable<std::string> read_line(Stream& stream, std::string_view stage) {
    error_code ec;
    const std::size_t n =
        co_await asio::async_read_until(stream, asio::dynamic_buffer(pending_, kMaxLine), '\n',
                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::not_found) {
      throw ProtocolError(target_.description + " sent a line of more than 4 KiB");
    }
    if (ec == asio::error::eof) {
      throw TransportError(target_.description + " closed the connection before its " +
                           std::string(stage));
    }
    if (ec) throw_network_error(ec, target_, stage);
    std::string line = pending_.substr(0, n);
    pending_.erase(0, n);
    co_return line;
  }

  void expect(const AuthdReply& reply, int code, std::string_view step) const {
    if (reply.code == code) return;
    throw ProtocolError("the authentication daemon at " + target_.description + " answered " +
                        std::string(step) + " with " + std::to_string(reply.code) + " (expected " +
                        std::to_string(code) + ")");
  }

  std::string connect_refusal(const AuthdReply& reply) const {
    std::string why;
    switch (reply.code) {
      case 551:
      case 553:
        why = "the VM is not registered on this host (moved, or the wrong host)";
        break;
      case 552:
        why = "the VM is busy";
        break;
      case 511:
        why = "the VM's process could not be started (is the VM powered on?)";
        break;
      default:
        why = "the VM is not running here, or busy";
    }
    return "the host refused the console (" + std::to_string(reply.code) + " on CONNECT): " + why;
  }

  const AuthdTicket& ticket_;
  const AuthdOptions& options_;
  TcpTarget target_;
  std::vector<std::string> secrets_;
  std::string pending_;
  std::unique_ptr<beast::tcp_stream> tcp_;
  std::shared_ptr<asio::ssl::context> context_;
  std::unique_ptr<TlsTcpStream> tls_;
};

}  // namespace

std::string describe_authd(const AuthdTicket& ticket) {
  const bool v6 = ticket.host.find(':') != std::string::npos;
  std::string vm = ticket.cfg_file;
  if (const auto slash = vm.rfind('/'); slash != std::string::npos) vm = vm.substr(slash + 1);
  return "authd://" + (v6 ? "[" + ticket.host + "]" : ticket.host) + ":" +
         std::to_string(ticket.port) + "/" + vm;
}

asio::awaitable<std::unique_ptr<ByteStream>> connect_authd(AuthdTicket ticket,
                                                           const AuthdOptions& options) {
  const Clock::time_point deadline = Clock::now() + options.timeout;
  for (int hop = 0;; ++hop) {
    AuthdDialogue dialogue(ticket, options, deadline);
    co_await dialogue.open();
    co_await dialogue.log_in();
    const std::string nonce = make_authd_nonce();
    const Thumbprint announced = co_await dialogue.ask_thumbprint(nonce);
    const std::optional<AuthdRedirect> redirect = co_await dialogue.connect_vm();
    if (!redirect) co_return co_await dialogue.second_tls(announced, nonce);
    if (hop >= options.max_redirects) {
      throw ProtocolError("the authentication daemon redirected the console more than " +
                          std::to_string(options.max_redirects) + " times (last to " +
                          redirect->host + ":" + std::to_string(redirect->port) + ")");
    }
    ticket.ticket = redirect->ticket;
    ticket.host = redirect->host;
    ticket.port = redirect->port;
    // The new host's certificate is not the one the ticket pinned.
    ticket.thumbprint.reset();
  }
}

}  // namespace mks::transport
