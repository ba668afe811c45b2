#include "agent/vsphere/mks_ticket.h"

#include <stdexcept>

#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/webmks_ticket.h"

namespace mks::vsphere {

transport::AuthdTicket mks_ticket_from(const std::string& ticket, const std::string& cfg_file,
                                       const std::string& host, const std::string& port,
                                       const std::string& ssl_thumbprint,
                                       const VcenterEndpoint& vcenter) {
  if (ticket.empty() || cfg_file.empty()) {
    throw VcenterError("vCenter " + vcenter.host + " sent an mks ticket without " +
                       (ticket.empty() ? "a ticket" : "the VM's cfgFile"));
  }
  transport::AuthdTicket out;
  out.ticket = ticket;
  out.cfg_file = cfg_file;
  out.host = host.empty() ? vcenter.host : host;
  const int number = ticket_port(port, vcenter.host);
  out.port = number == 0 ? 902 : static_cast<std::uint16_t>(number);
  if (!ssl_thumbprint.empty()) {
    try {
      out.thumbprint = transport::Thumbprint::parse(ssl_thumbprint);
    } catch (const std::invalid_argument& e) {
      throw VcenterError("vCenter " + vcenter.host + " sent an mks ticket whose sslThumbprint " +
                         "is not a thumbprint (" + e.what() + ")");
    }
  }
  return out;
}

boost::asio::awaitable<transport::AuthdTicket> acquire_mks_ticket(SoapClient& soap,
                                                                  const ManagedObject& vm,
                                                                  const std::string& what) {
  const XmlReply xml = co_await call_acquire_ticket(soap, vm, what, "mks");
  XmlReply::Node ticket = XmlReply::find(xml.root(), "returnval");
  const auto field = [&](const char* name) {
    return XmlReply::child_text(ticket, name).value_or("");
  };
  co_return mks_ticket_from(field("ticket"), field("cfgFile"), field("host"), field("port"),
                            field("sslThumbprint"), soap.endpoint());
}

}  // namespace mks::vsphere
