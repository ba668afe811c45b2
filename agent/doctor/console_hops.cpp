#include "agent/doctor/console_hops.h"

#include <memory>
#include <vector>

#include "agent/doctor/network_probe.h"
#include "agent/errors.h"
#include "agent/rfb/encoding_list.h"
#include "agent/transport/connect.h"

namespace mks::doctor {
namespace {

namespace asio = boost::asio;
using session::Clock;

std::string host_port(const transport::Url& url) {
  return url.host + ":" + std::to_string(url.port);
}

// What to do when a hop fails, one line, by hop and by what the failure was.
struct Advisor {
  const ConsolePlan& plan;

  std::string or_api() const { return plan.from_vcenter ? ", or use --via api" : ""; }
  std::string address() const {
    return plan.from_vcenter ? "the ESXi host name does not resolve from here: add it to DNS or "
                               "/etc/hosts, or use --via api"
                             : "the host name does not resolve from here: check the URL, DNS "
                               "or /etc/hosts";
  }
  std::string tcp(bool timed_out) const {
    const std::string where = host_port(plan.url);
    return (timed_out ? "packets to " + where + " are dropped"
                      : "nothing accepts connections on " + where + " from here") +
           ": a firewall in between, or the host or its service is down; open TCP " +
           std::to_string(plan.url.port) + " to it" + or_api();
  }
  std::string tls(bool pinned) const {
    if (plan.from_vcenter && pinned) {
      return "the host's certificate is not the one vCenter vouches for (a TLS proxy in "
             "between, or a new certificate vCenter has not picked up): check the host's "
             "certificate" +
             or_api();
    }
    return "pin the certificate with --thumbprint (its SHA-256 is shown) if you trust it, or "
           "use --insecure";
  }
  std::string upgrade(bool refused) const {
    if (!refused)
      return "this port does not serve WebSocket consoles: check the URL's port and path";
    return plan.from_vcenter ? "the host refused a fresh ticket: is the ticket's host the VM's "
                               "host (a proxy or load balancer in between?)" +
                                   or_api()
                             : "a ticket URL works once and expires in minutes: get a new ticket "
                               "(a vcenter://USER@VC/VM target gets its own)";
  }
  std::string rfb(bool auth) const {
    return auth ? "the VNC password was refused: set MKS_VNC_PASSWORD or --password-file"
                : "the server does not speak RFB as expected: check that the URL is a console";
  }
  std::string frame() const {
    return "the console sent no complete frame in time: raise --timeout, or look at the host's "
           "load" +
           or_api();
  }
};

void skip_all(HopRecorder& hops, const std::vector<std::string>& names, const std::string& why) {
  for (const auto& name : names) {
    hops.begin();
    hops.skip(name, why);
  }
}

}  // namespace

asio::awaitable<bool> check_console_hops(HopRecorder& hops, ConsolePlan plan) {
  const Advisor advise{plan};
  const std::string p = plan.prefix + " ";
  std::vector<std::string> later = {p + "TCP"};
  if (plan.from_vcenter) later.push_back(p + "TCP 902");
  if (plan.url.tls()) later.push_back(p + "TLS");
  if (plan.url.websocket()) later.push_back("WebSocket upgrade");
  later.push_back("RFB handshake");
  later.push_back("first frame");
  auto skip_rest = [&](const std::string& after, std::size_t from) {
    skip_all(hops, std::vector<std::string>(later.begin() + static_cast<long>(from), later.end()),
             "(" + after + " failed)");
  };

  hops.begin();
  std::optional<Endpoints> endpoints;
  try {
    endpoints = co_await resolve_host(plan.url.host, plan.url.port, plan.timeout);
    hops.ok(p + "address", plan.url.host + " -> " + describe(*endpoints));
  } catch (...) {
    hops.fail(p + "address", current_error(), advise.address());
  }
  if (!endpoints) {
    skip_rest(p + "address", 0);
    co_return false;
  }

  hops.begin();
  bool reached = false;
  try {
    co_await tcp_check(*endpoints, plan.timeout);
    hops.ok(p + "TCP", host_port(plan.url) + " accepts connections");
    reached = true;
  } catch (...) {
    hops.fail(p + "TCP", current_error(), advise.tcp(is_a<TimeoutError>()));
  }
  std::size_t next = 1;
  if (plan.from_vcenter) {
    hops.begin();
    auto at_902 = *endpoints;
    for (auto& endpoint : at_902) endpoint.port(902);
    try {
      co_await tcp_check(at_902, plan.timeout);
      hops.info(p + "TCP 902",
                plan.url.host + ":902 accepts connections (the mks path, --via mks)");
    } catch (...) {
      hops.info(p + "TCP 902", current_error() + " (the mks path, --via mks)");
    }
    ++next;
  }
  if (!reached) {
    skip_rest(p + "TCP", next);
    co_return false;
  }

  if (plan.url.tls()) {
    hops.begin();
    transport::TlsOptions tls = plan.session.connect.tls;
    bool passed = false;
    try {
      const TlsSeen seen = co_await tls_check(*endpoints, plan.url.host, tls, plan.timeout);
      const auto& pin = plan.ticket_thumbprint;
      const transport::Thumbprint& shown =
          pin && pin->algorithm == transport::Thumbprint::Algorithm::kSha1 ? seen.sha1
                                                                           : seen.sha256;
      if (pin && shown != *pin) {
        // Only --insecure lets a different certificate through: the agent would connect.
        hops.info(p + "TLS", "thumbprint " + shown.to_string() + " differs from the ticket's " +
                                 pin->to_string() + "; accepted only because of --insecure");
      } else if (pin) {
        hops.ok(p + "TLS", "thumbprint " + shown.to_string() + " equals the ticket's");
      } else {
        hops.ok(p + "TLS", std::string(tls.insecure     ? "not verified (--insecure)"
                                       : tls.thumbprint ? "pinned"
                                                        : "trusted by the CA store") +
                               "; SHA-256 " + seen.sha256.to_string());
      }
      passed = true;
    } catch (...) {
      hops.fail(p + "TLS", current_error(), advise.tls(plan.ticket_thumbprint.has_value()));
    }
    ++next;
    if (!passed) {
      skip_rest(p + "TLS", next);
      co_return false;
    }
  }

  // The agent's own connect: TCP and TLS again, then the upgrade that uses the ticket.
  hops.begin();
  std::unique_ptr<transport::ByteStream> stream;
  transport::ConnectOptions connect = plan.session.connect;
  connect.timeout = plan.timeout;
  try {
    stream = co_await transport::connect(plan.url, connect);
    if (plan.url.websocket()) hops.ok("WebSocket upgrade", "upgraded at " + plan.url.redacted());
  } catch (...) {
    const std::string name = plan.url.websocket() ? "WebSocket upgrade" : "RFB handshake";
    hops.fail(name, current_error(),
              plan.url.websocket() ? advise.upgrade(is_a<TicketError>()) : advise.rfb(false));
  }
  if (!stream) {
    const bool ws = plan.url.websocket();
    skip_rest(ws ? "WebSocket upgrade" : "RFB handshake", next + 1);
    co_return false;
  }

  hops.begin();
  session::SessionOptions options = plan.session;
  if (options.rfb.dialect == rfb::Dialect::kAuto)
    options.rfb.dialect = rfb::dialect_for_url(plan.url);
  options.handshake_timeout = plan.timeout;
  std::shared_ptr<session::Session> session;
  try {
    session = co_await session::Session::open(std::move(stream), options);
    const auto& server = session->rfb_client()->server();
    hops.ok("RFB handshake",
            (server.direct_variant() ? std::string("WebMKS direct ServerInit") : server.version) +
                "; " + std::to_string(server.width) + "x" + std::to_string(server.height) + " \"" +
                server.name + "\"");
  } catch (...) {
    hops.fail("RFB handshake", current_error(), advise.rfb(is_a<AuthError>()));
  }
  if (!session) {
    skip_rest("RFB handshake", later.size() - 1);
    co_return false;
  }

  hops.begin();
  bool framed = false;
  try {
    const codecs::Image frame = co_await session->wait_full_frame(Clock::now() + plan.timeout);
    hops.ok("first frame", std::to_string(frame.width()) + "x" + std::to_string(frame.height()) +
                               " after " + std::to_string(session->updates()) + " update(s)");
    framed = true;
  } catch (...) {
    hops.fail("first frame", current_error(), advise.frame());
  }
  co_await session->close();
  co_return framed;
}

}  // namespace mks::doctor
