#include "agent/vsphere/soap_ticket_source.h"

#include <exception>

#include "agent/vsphere/soap_client.h"
#include "agent/vsphere/vcenter_error.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

struct ServiceContent {
  ManagedObject root_folder, session_manager, search_index, view_manager, property_collector;
};

ManagedObject required(const XmlReply& xml, const char* name, const std::string& host) {
  XmlReply::Node node = XmlReply::find(xml.root(), name);
  if (node == nullptr) {
    throw VcenterError("vCenter " + host + ": the service content has no " + name);
  }
  return moref_of(node);
}

asio::awaitable<ServiceContent> retrieve_service_content(SoapClient& soap,
                                                         const std::string& host) {
  // Named locals throughout: GCC 12 miscompiles braced temporaries in co_await / co_return.
  const ManagedObject instance{"ServiceInstance", "ServiceInstance"};
  const XmlReply xml =
      co_await soap.call("RetrieveServiceContent", "<vim25:RetrieveServiceContent>" +
                                                       moref_element("_this", instance) +
                                                       "</vim25:RetrieveServiceContent>");
  ServiceContent service;
  service.root_folder = required(xml, "rootFolder", host);
  service.session_manager = required(xml, "sessionManager", host);
  service.search_index = required(xml, "searchIndex", host);
  service.view_manager = required(xml, "viewManager", host);
  service.property_collector = required(xml, "propertyCollector", host);
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

asio::awaitable<std::optional<ManagedObject>> find_by_path(SoapClient& soap,
                                                           const ServiceContent& service,
                                                           const std::string& path) {
  const XmlReply xml = co_await soap.call("FindByInventoryPath",
                                          "<vim25:FindByInventoryPath>" +
                                              moref_element("_this", service.search_index) +
                                              "<vim25:inventoryPath>" + xml_escape(path) +
                                              "</vim25:inventoryPath></vim25:FindByInventoryPath>");
  XmlReply::Node found = XmlReply::find(xml.root(), "returnval");
  if (found == nullptr) co_return std::nullopt;
  ManagedObject object = moref_of(found);
  if (object.type != "VirtualMachine") co_return std::nullopt;  // a folder, a host...
  co_return object;
}

// PropertyCollector spec: the "name" of every VirtualMachine in a ContainerView.
std::string names_in_view(const ManagedObject& view) {
  return "<vim25:specSet><vim25:propSet><vim25:type>VirtualMachine</vim25:type>"
         "<vim25:pathSet>name</vim25:pathSet></vim25:propSet><vim25:objectSet>" +
         moref_element("obj", view) +
         "<vim25:skip>true</vim25:skip><vim25:selectSet xsi:type=\"vim25:TraversalSpec\">"
         "<vim25:name>view</vim25:name><vim25:type>ContainerView</vim25:type>"
         "<vim25:path>view</vim25:path><vim25:skip>false</vim25:skip></vim25:selectSet>"
         "</vim25:objectSet></vim25:specSet>";
}

// The VM whose name is `name` among the objects of one RetrievePropertiesEx page.
std::optional<ManagedObject> vm_named(const XmlReply& xml, const std::string& name) {
  for (XmlReply::Node object : XmlReply::find_all(xml.root(), "objects")) {
    XmlReply::Node value = XmlReply::find(XmlReply::child(object, "propSet"), "val");
    if (value != nullptr && XmlReply::text(value) == name) {
      return moref_of(XmlReply::child(object, "obj"));
    }
  }
  return std::nullopt;
}

asio::awaitable<std::optional<ManagedObject>> find_in_view(SoapClient& soap,
                                                           const ServiceContent& service,
                                                           const ManagedObject& view,
                                                           const std::string& name) {
  XmlReply page = co_await soap.call(
      "RetrievePropertiesEx",
      "<vim25:RetrievePropertiesEx>" + moref_element("_this", service.property_collector) +
          names_in_view(view) + "<vim25:options/></vim25:RetrievePropertiesEx>");
  // Large inventories come in pages: follow the token until the VM or the end.
  while (true) {
    if (auto vm = vm_named(page, name)) co_return vm;
    const auto token = XmlReply::child_text(XmlReply::find(page.root(), "returnval"), "token");
    if (!token) co_return std::nullopt;
    page = co_await soap.call("ContinueRetrievePropertiesEx",
                              "<vim25:ContinueRetrievePropertiesEx>" +
                                  moref_element("_this", service.property_collector) +
                                  "<vim25:token>" + xml_escape(*token) +
                                  "</vim25:token></vim25:ContinueRetrievePropertiesEx>");
  }
}

asio::awaitable<std::optional<ManagedObject>> find_by_name(SoapClient& soap,
                                                           const ServiceContent& service,
                                                           const std::string& name) {
  const XmlReply created = co_await soap.call(
      "CreateContainerView",
      "<vim25:CreateContainerView>" + moref_element("_this", service.view_manager) +
          moref_element("container", service.root_folder) +
          "<vim25:type>VirtualMachine</vim25:type><vim25:recursive>true</vim25:recursive>"
          "</vim25:CreateContainerView>");
  const ManagedObject view = moref_of(XmlReply::find(created.root(), "returnval"));
  std::exception_ptr failure;
  std::optional<ManagedObject> vm;
  try {
    vm = co_await find_in_view(soap, service, view, name);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await soap.call("DestroyView",
                     "<vim25:DestroyView>" + moref_element("_this", view) + "</vim25:DestroyView>");
  if (failure) std::rethrow_exception(failure);
  co_return vm;
}

asio::awaitable<ManagedObject> find_vm(SoapClient& soap, const ServiceContent& service,
                                       const VmSelector& vm, const std::string& host) {
  std::optional<ManagedObject> found;
  switch (vm.kind) {
    case VmSelector::Kind::kMoref:
      found = ManagedObject{"VirtualMachine", vm.value};
      break;
    case VmSelector::Kind::kInventoryPath:
      found = co_await find_by_path(soap, service, vm.value);
      break;
    case VmSelector::Kind::kName:
      found = co_await find_by_name(soap, service, vm.value);
      break;
  }
  if (!found) throw VcenterError("vCenter " + host + " has no " + vm.describe());
  co_return *found;
}

asio::awaitable<XmlReply> call_acquire_ticket(SoapClient& soap, const ManagedObject& vm,
                                              const VmSelector& selector,
                                              const VcenterEndpoint& vcenter) {
  try {
    co_return co_await soap.call("AcquireTicket", "<vim25:AcquireTicket>" +
                                                      moref_element("_this", vm) +
                                                      "<vim25:ticketType>webmks</vim25:ticketType>"
                                                      "</vim25:AcquireTicket>");
  } catch (const SoapFault& fault) {
    // A VM id that does not exist shows up only here.
    if (fault.type() != "ManagedObjectNotFound") throw;
  }
  throw VcenterError("vCenter " + vcenter.to_string() + " has no " + selector.describe());
}

asio::awaitable<ConsoleTicket> acquire(SoapClient& soap, const ManagedObject& vm,
                                       const VmSelector& selector, const VcenterEndpoint& vcenter) {
  const XmlReply xml = co_await call_acquire_ticket(soap, vm, selector, vcenter);
  XmlReply::Node ticket = XmlReply::find(xml.root(), "returnval");
  const auto field = [&](const char* name) {
    return XmlReply::child_text(ticket, name).value_or("");
  };
  const std::string port = field("port");
  ConsoleTicket out =
      console_ticket_from(field("ticket"), field("host"), port.empty() ? 0 : std::stoi(port),
                          field("sslThumbprint"), field("url"), vcenter);
  out.vm = vm.value;
  co_return out;
}

}  // namespace

asio::awaitable<ConsoleTicket> acquire_ticket_soap(HttpClient& http, const VcenterLogin& login,
                                                   const VmSelector& vm) {
  SoapClient soap(http);
  const std::string host = http.endpoint().to_string();
  const ServiceContent service = co_await retrieve_service_content(soap, host);
  co_await log_in(soap, service, login);
  std::exception_ptr failure;
  ConsoleTicket ticket;
  try {
    const ManagedObject found = co_await find_vm(soap, service, vm, host);
    ticket = co_await acquire(soap, found, vm, http.endpoint());
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    co_await soap.call(
        "Logout",
        "<vim25:Logout>" + moref_element("_this", service.session_manager) + "</vim25:Logout>");
  } catch (const std::exception&) {
    // The ticket is ours either way; a failed logout only leaves the session to time out.
  }
  if (failure) std::rethrow_exception(failure);
  co_return ticket;
}

}  // namespace mks::vsphere
