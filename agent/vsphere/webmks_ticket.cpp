#include "agent/vsphere/webmks_ticket.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

asio::awaitable<XmlReply> call_acquire_ticket(SoapClient& soap, const ManagedObject& vm,
                                              const std::string& what) {
  try {
    co_return co_await soap.call("AcquireTicket", "<vim25:AcquireTicket>" +
                                                      moref_element("_this", vm) +
                                                      "<vim25:ticketType>webmks</vim25:ticketType>"
                                                      "</vim25:AcquireTicket>");
  } catch (const SoapFault& fault) {
    // A VM id that does not exist shows up only here.
    if (fault.type() != "ManagedObjectNotFound") throw;
  }
  throw VcenterError("vCenter " + soap.host() + " has no " + what);
}

}  // namespace

asio::awaitable<ConsoleTicket> acquire_webmks_ticket(SoapClient& soap, const ManagedObject& vm,
                                                     const std::string& what) {
  const XmlReply xml = co_await call_acquire_ticket(soap, vm, what);
  XmlReply::Node ticket = XmlReply::find(xml.root(), "returnval");
  const auto field = [&](const char* name) {
    return XmlReply::child_text(ticket, name).value_or("");
  };
  const std::string port = field("port");
  ConsoleTicket out =
      console_ticket_from(field("ticket"), field("host"), port.empty() ? 0 : std::stoi(port),
                          field("sslThumbprint"), field("url"), soap.endpoint());
  out.vm = vm.value;
  co_return out;
}

}  // namespace mks::vsphere
