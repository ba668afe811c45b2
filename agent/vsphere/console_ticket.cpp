#include "agent/vsphere/console_ticket.h"

#include <stdexcept>

#include "agent/vsphere/vcenter_error.h"

namespace mks::vsphere {

ConsoleTicket console_ticket_from(const std::string& ticket, const std::string& host, int port,
                                  const std::string& ssl_thumbprint, const std::string& url,
                                  const VcenterEndpoint& vcenter) {
  ConsoleTicket out;
  out.api = "soap";
  if (!url.empty()) {
    out.url = url;
  } else if (!ticket.empty()) {
    const std::string console_host = host.empty() ? vcenter.host : host;
    const bool v6 = console_host.find(':') != std::string::npos;
    out.url = "wss://" + (v6 ? "[" + console_host + "]" : console_host) + ":" +
              std::to_string(port > 0 ? port : 443) + "/ticket/" + ticket;
  } else {
    throw VcenterError("vCenter " + vcenter.to_string() + " returned an empty console ticket");
  }
  if (!ssl_thumbprint.empty()) {
    try {
      out.thumbprint = transport::Thumbprint::parse(ssl_thumbprint);
    } catch (const std::invalid_argument& e) {
      throw VcenterError("vCenter " + vcenter.to_string() +
                         " returned a console ticket with a bad sslThumbprint (" + e.what() + ")");
    }
  }
  return out;
}

}  // namespace mks::vsphere
