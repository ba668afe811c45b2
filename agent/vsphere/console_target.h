#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "agent/transport/connect.h"
#include "agent/transport/url.h"
#include "agent/vsphere/ticket_source.h"
#include "agent/vsphere/vcenter_address.h"

namespace mks::vsphere {

// What the user gave as a console: a ticket URL (wss://, ws://, vnc://) used as it is, or
// vcenter://USER@VC/VM, which is resolved to a fresh ticket before every connection.
struct ConsoleTarget {
  std::optional<transport::Url> url;
  std::optional<VcenterTarget> vcenter;

  // Throws std::invalid_argument naming the problem.
  static ConsoleTarget parse(std::string_view text);
  std::string redacted() const;  // safe to log
};

// Where to connect now: the console URL and the options for it (for a vCenter ticket, the
// ESXi thumbprint it came with is pinned).
struct ConsoleAddress {
  transport::Url url;
  transport::ConnectOptions connect;
  std::string api;  // "rest" / "soap" for a vCenter ticket, "" for a fixed URL
};

// The password for vcenter:// targets: $MKS_VCENTER_PASSWORD, else the first line of the file
// named by `password_file` or $MKS_VCENTER_PASSWORD_FILE. Never from the command line, so it
// does not show in `ps`. Throws std::invalid_argument when there is none.
std::string vcenter_password(const std::string& password_file = "");

// The login for a vCenter target: its user and endpoint, `password`, vCenter's certificate
// pinned by the target's ?thumbprint= (else the CA store, unless `console.tls.insecure`),
// `console.timeout` per request.
VcenterLogin vcenter_login(const VcenterTarget& vc, const transport::ConnectOptions& console,
                           const std::string& password);

// A fixed URL is returned as it is. For vCenter: logs in with `password`, acquires a WebMKS
// ticket and logs out. vCenter's certificate: pinned by the target's ?thumbprint=, else
// checked against the CA store, unless `console.tls.insecure`. The console: the ticket's
// thumbprint when vCenter gave one, else `console.tls`.
boost::asio::awaitable<ConsoleAddress> resolve_console(const ConsoleTarget& target,
                                                       transport::ConnectOptions console,
                                                       const std::string& password,
                                                       TicketApi api = TicketApi::kAuto);

// For a vCenter target: connects anew with a fresh ticket each time it is called (what a
// session needs to reconnect after a drop or a vMotion). Empty for a ticket URL, which
// cannot be used twice.
using ConsoleReconnector =
    std::function<boost::asio::awaitable<std::unique_ptr<transport::ByteStream>>()>;
ConsoleReconnector console_reconnector(ConsoleTarget target, transport::ConnectOptions console,
                                       std::string password);
// Why a session on `target` cannot reconnect, for its error when the connection ends: a
// ticket URL is single use. Empty for vCenter targets (they reconnect) and plain VNC URLs.
std::string why_no_reconnect(const ConsoleTarget& target);

}  // namespace mks::vsphere
