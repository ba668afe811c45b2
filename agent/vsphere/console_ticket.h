#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "agent/transport/connect.h"
#include "agent/transport/thumbprint.h"
#include "agent/vsphere/vcenter_address.h"

namespace mks::vsphere {

// What a console connection needs from vCenter: the one-shot WebMKS URL and, when vCenter
// said it, the ESXi host's certificate thumbprint to pin.
struct ConsoleTicket {
  std::string url;  // wss://ESXI:443/ticket/TOKEN
  std::optional<transport::Thumbprint> thumbprint;
  std::string api;  // "rest" or "soap": where it came from
  std::string vm;   // the VM's managed object id, e.g. "vm-42"
};

struct VcenterLogin {
  VcenterEndpoint endpoint;
  std::string user;
  std::string password;
  transport::TlsOptions tls;                 // for vCenter's own certificate
  std::chrono::milliseconds timeout{30000};  // per HTTP request
};

// VirtualMachineTicket (SOAP) -> ConsoleTicket: its url when present, else
// wss://HOST:PORT/ticket/TICKET (HOST defaulting to vCenter's); sslThumbprint pinned.
// Throws VcenterError for a ticket that names no console.
ConsoleTicket console_ticket_from(const std::string& ticket, const std::string& host, int port,
                                  const std::string& ssl_thumbprint, const std::string& url,
                                  const VcenterEndpoint& vcenter);

}  // namespace mks::vsphere
