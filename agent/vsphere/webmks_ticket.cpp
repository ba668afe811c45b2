#include "agent/vsphere/webmks_ticket.h"

#include <charconv>

#include "agent/vsphere/vcenter_error.h"

namespace mks::vsphere {

namespace asio = boost::asio;

asio::awaitable<XmlReply> call_acquire_ticket(SoapClient& soap, const ManagedObject& vm,
                                              const std::string& what, std::string_view type) {
  try {
    co_return co_await soap.call("AcquireTicket", "<vim25:AcquireTicket>" +
                                                      moref_element("_this", vm) +
                                                      "<vim25:ticketType>" + std::string(type) +
                                                      "</vim25:ticketType></vim25:AcquireTicket>");
  } catch (const SoapFault& fault) {
    // A VM id that does not exist shows up only here.
    if (fault.type() != "ManagedObjectNotFound") throw;
  }
  throw VcenterError("vCenter " + soap.host() + " has no " + what);
}

int ticket_port(const std::string& text, const std::string& vcenter_host) {
  if (text.empty()) return 0;
  int port = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc() || end != text.data() + text.size() || port <= 0 || port > 65535) {
    throw VcenterError("vCenter " + vcenter_host + " sent a console ticket with the port \"" +
                       text.substr(0, 20) + "\"");
  }
  return port;
}

asio::awaitable<ConsoleTicket> acquire_webmks_ticket(SoapClient& soap, const ManagedObject& vm,
                                                     const std::string& what) {
  const XmlReply xml = co_await call_acquire_ticket(soap, vm, what, "webmks");
  XmlReply::Node ticket = XmlReply::find(xml.root(), "returnval");
  const auto field = [&](const char* name) {
    return XmlReply::child_text(ticket, name).value_or("");
  };
  const std::string port = field("port");
  ConsoleTicket out =
      console_ticket_from(field("ticket"), field("host"), ticket_port(port, soap.host()),
                          field("sslThumbprint"), field("url"), soap.endpoint());
  out.vm = vm.value;
  co_return out;
}

}  // namespace mks::vsphere
