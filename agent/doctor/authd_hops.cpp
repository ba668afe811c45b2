#include "agent/doctor/authd_hops.h"

#include <optional>

#include "agent/errors.h"
#include "agent/session/session.h"
#include "agent/transport/authd_connect.h"
#include "agent/vsphere/mks_ticket.h"

namespace mks::doctor {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr const char* kTicket = "mks ticket";
constexpr const char* kDialogue = "authd (902)";
constexpr const char* kHandshake = "authd ServerInit";
constexpr const char* kFrame = "authd first frame";

void skip_from(HopRecorder& hops, int first, const std::string& why) {
  const char* names[] = {kTicket, kDialogue, kHandshake, kFrame};
  for (int i = first; i < 4; ++i) {
    hops.begin();
    hops.skip(names[i], why);
  }
}

std::string dialogue_advice() {
  if (is_a<TlsError>()) {
    return "the host's certificate is not the one vCenter named: check the host, or use "
           "--insecure only if you trust the network";
  }
  if (is_a<TicketError>()) return "the host refused a fresh ticket: check its clock and authd";
  if (is_a<TimeoutError>() || is_a<TransportError>()) {
    return "open TCP 902 from here to the ESXi host, or use --via webmks or --via api";
  }
  return "the host's authentication daemon did not take the console: use --via webmks or "
         "--via api";
}

}  // namespace

void skip_authd_hops(HopRecorder& hops, const std::string& why) {
  skip_from(hops, 0, why);
}

asio::awaitable<bool> check_authd_hops(HopRecorder& hops, const VcenterReach& reach,
                                       const transport::TlsOptions& tls,
                                       std::chrono::milliseconds timeout) {
  hops.begin();
  std::optional<transport::AuthdTicket> ticket;
  try {
    ticket = co_await vsphere::acquire_mks_ticket(reach.session->soap(), *reach.vm,
                                                  "VM " + reach.vm->value);
    hops.ok(kTicket, transport::describe_authd(*ticket) +
                         (ticket->thumbprint ? ", thumbprint " + ticket->thumbprint->to_string()
                                             : ", no thumbprint"));
  } catch (...) {
    hops.fail(kTicket, current_error(),
              "vCenter gave no mks ticket (deprecated since vSphere 8): use --via webmks");
  }
  if (!ticket) {
    skip_from(hops, 1, "(no mks ticket)");
    co_return false;
  }

  hops.begin();
  std::unique_ptr<transport::ByteStream> stream;
  try {
    stream =
        co_await transport::connect_authd(*ticket, {.insecure = tls.insecure, .timeout = timeout});
    hops.ok(kDialogue, "greeting, TLS pinned, ticket accepted, CONNECT, second TLS session");
  } catch (...) {
    hops.fail(kDialogue, current_error(), dialogue_advice());
  }
  if (!stream) {
    skip_from(hops, 2, "(" + std::string(kDialogue) + " failed)");
    co_return false;
  }

  hops.begin();
  session::SessionOptions options;
  options.handshake_timeout = timeout;
  options.rfb.direct_takes_scancodes = false;
  std::shared_ptr<session::Session> session;
  try {
    session = co_await session::Session::open(std::move(stream), options);
    const auto& server = session->rfb_client()->server();
    hops.ok(kHandshake, std::to_string(server.width) + "x" + std::to_string(server.height) + " \"" +
                            server.name + "\"");
  } catch (...) {
    hops.fail(kHandshake, current_error(), "the console sent no ServerInit: use --via webmks");
  }
  if (!session) {
    skip_from(hops, 3, "(" + std::string(kHandshake) + " failed)");
    co_return false;
  }

  hops.begin();
  bool framed = false;
  try {
    const codecs::Image frame = co_await session->wait_full_frame(Clock::now() + timeout);
    hops.ok(kFrame, std::to_string(frame.width()) + "x" + std::to_string(frame.height()));
    framed = true;
  } catch (...) {
    hops.fail(kFrame, current_error(), "the console sent no whole frame: use --via webmks");
  }
  co_await session->close();
  co_return framed;
}

}  // namespace mks::doctor
