#include "agent/vsphere/soap_client.h"

namespace mks::vsphere {
namespace {

// vim25 6.5 has AcquireTicket("webmks"); later vCenters accept older versions.
constexpr const char* kSoapAction = "urn:vim25/6.5";

std::string envelope(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
         " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
         " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
         " xmlns:vim25=\"urn:vim25\"><soapenv:Body>" +
         body + "</soapenv:Body></soapenv:Envelope>";
}

// The fault's type: <detail><InvalidLoginFault xsi:type="InvalidLogin">. vCenter names it in
// xsi:type; the element name without "Fault" is the same.
std::string fault_type(XmlReply::Node fault) {
  XmlReply::Node first = XmlReply::first_child(XmlReply::child(fault, "detail"));
  if (first == nullptr) return "";
  std::string type = XmlReply::attribute(first, "type");
  if (const auto colon = type.find(':'); colon != std::string::npos) type.erase(0, colon + 1);
  if (type.empty()) {
    type = XmlReply::local_name(first);
    if (type.ends_with("Fault")) type.resize(type.size() - 5);
  }
  return type;
}

[[noreturn]] void throw_fault(const std::string& method, const std::string& type,
                              const std::string& message, const std::string& host,
                              const std::string& user) {
  const std::string said = message.empty() ? "" : ": " + message;
  if (type == "InvalidLogin") {
    throw AuthError("vCenter " + host + " refused the login of '" + user +
                    "' (InvalidLogin): check the user name and password");
  }
  if (type == "NotAuthenticated") {
    throw AuthError("vCenter " + host + " says the session is not logged in (NotAuthenticated" +
                    said + ") during " + method);
  }
  if (type == "InvalidPowerState") {
    throw SoapFault(
        "vCenter " + host + ": the VM is not powered on, so it has no console (InvalidPowerState)",
        type);
  }
  throw SoapFault("vCenter " + host + ": " + method + " failed (" +
                      (type.empty() ? std::string("SOAP fault") : type) + said + ")",
                  type);
}

}  // namespace

boost::asio::awaitable<XmlReply> SoapClient::call(const std::string& method,
                                                  const std::string& body) {
  // Named: GCC 12 rejects a braced list inside a co_await expression.
  const std::map<std::string, std::string> headers = {{"Content-Type", "text/xml; charset=utf-8"},
                                                      {"SOAPAction", kSoapAction}};
  const HttpReply reply = co_await http_.send("POST", "/sdk", envelope(body), headers);
  const std::string host = http_.endpoint().to_string();
  if (reply.status == 404) {
    throw VcenterError("vCenter " + host + " has no SOAP API at /sdk (HTTP 404): is it a vCenter?");
  }
  if (reply.content_type.find("xml") == std::string::npos) {
    throw VcenterError("vCenter " + host + " answered " + method + " with HTTP " +
                       std::to_string(reply.status) + " and no SOAP reply");
  }
  XmlReply xml(reply.body, "vCenter's reply to " + method);
  if (XmlReply::Node fault = XmlReply::find(xml.root(), "Fault")) {
    throw_fault(method, fault_type(fault), XmlReply::child_text(fault, "faultstring").value_or(""),
                host, user_);
  }
  if (reply.status != 200) {
    throw VcenterError("vCenter " + host + " answered " + method + " with HTTP " +
                       std::to_string(reply.status));
  }
  co_return xml;
}

std::string moref_element(const std::string& element, const ManagedObject& object) {
  return "<vim25:" + element + " type=\"" + xml_escape(object.type) + "\">" +
         xml_escape(object.value) + "</vim25:" + element + ">";
}

ManagedObject moref_of(XmlReply::Node node) {
  return ManagedObject{XmlReply::attribute(node, "type"), XmlReply::text(node)};
}

}  // namespace mks::vsphere
