#pragma once

#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "agent/vsphere/console_ticket.h"

namespace mks::vsphere {

// kAuto: the REST API first, SOAP when vCenter lacks the REST endpoint (HTTP 404) or the VM
// is given by inventory path. SOAP tickets carry the ESXi host's thumbprint, REST ones not.
enum class TicketApi { kAuto, kRest, kSoap };
TicketApi parse_ticket_api(std::string_view text);  // "auto", "rest", "soap"; invalid_argument

// Logs in to vCenter, gets a fresh one-shot WebMKS ticket for `vm`, logs out. Throws
// AuthError (wrong user or password), VcenterError (no such VM, powered off, other faults),
// TransportError, TlsError or TimeoutError, each one line.
// Parameters by value: callers co_spawn it with temporaries.
boost::asio::awaitable<ConsoleTicket> acquire_console_ticket(VcenterLogin login, VmSelector vm,
                                                             TicketApi api = TicketApi::kAuto);

}  // namespace mks::vsphere
