#include "agent/vsphere/vim_service.h"

#include <exception>

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

ManagedObject required(const XmlReply& xml, const char* name, const std::string& host) {
  XmlReply::Node node = XmlReply::find(xml.root(), name);
  if (node == nullptr) {
    throw VcenterError("vCenter " + host + ": the service content has no " + name);
  }
  return moref_of(node);
}

ManagedObject optional(const XmlReply& xml, const char* name) {
  XmlReply::Node node = XmlReply::find(xml.root(), name);
  return node == nullptr ? ManagedObject{} : moref_of(node);
}

}  // namespace

asio::awaitable<ServiceContent> retrieve_service_content(SoapClient& soap) {
  // Named locals throughout: GCC 12 miscompiles braced temporaries in co_await / co_return.
  const ManagedObject instance{"ServiceInstance", "ServiceInstance"};
  const XmlReply xml =
      co_await soap.call("RetrieveServiceContent", "<vim25:RetrieveServiceContent>" +
                                                       moref_element("_this", instance) +
                                                       "</vim25:RetrieveServiceContent>");
  const std::string host = soap.host();
  ServiceContent service;
  service.root_folder = required(xml, "rootFolder", host);
  service.session_manager = required(xml, "sessionManager", host);
  service.search_index = required(xml, "searchIndex", host);
  service.view_manager = required(xml, "viewManager", host);
  service.property_collector = required(xml, "propertyCollector", host);
  service.file_manager = optional(xml, "fileManager");
  service.authorization_manager = optional(xml, "authorizationManager");
  co_return service;
}

asio::awaitable<void> log_in(SoapClient& soap, const ServiceContent& service,
                             const VcenterLogin& login) {
  soap.set_user(login.user);
  co_await soap.call("Login", "<vim25:Login>" + moref_element("_this", service.session_manager) +
                                  "<vim25:userName>" + xml_escape(login.user) +
                                  "</vim25:userName><vim25:password>" + xml_escape(login.password) +
                                  "</vim25:password></vim25:Login>");
}

asio::awaitable<void> log_out(SoapClient& soap, const ServiceContent& service) {
  try {
    co_await soap.call(
        "Logout",
        "<vim25:Logout>" + moref_element("_this", service.session_manager) + "</vim25:Logout>");
  } catch (const std::exception&) {
    // Whatever was asked is done; an unreachable Logout is not the user's problem.
  }
}

}  // namespace mks::vsphere
