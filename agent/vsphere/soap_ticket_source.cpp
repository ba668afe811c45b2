#include "agent/vsphere/soap_ticket_source.h"

#include <exception>

#include "agent/vsphere/mks_ticket.h"
#include "agent/vsphere/soap_client.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/view_properties.h"
#include "agent/vsphere/vim_service.h"
#include "agent/vsphere/webmks_ticket.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

// Names only: the whole VM list is a few pages even for thousands of VMs.
constexpr int kNamePageSize = 1000;

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

asio::awaitable<std::optional<ManagedObject>> find_by_name(SoapClient& soap,
                                                           const ServiceContent& service,
                                                           const std::string& name) {
  const std::vector<WantedProperties> wanted = {{"VirtualMachine", {"name"}}};
  const auto vms = co_await retrieve_view_properties(soap, service, wanted, kNamePageSize);
  for (const auto& vm : vms) {
    if (vm.value("name") == name) co_return vm.object;
  }
  co_return std::nullopt;
}

}  // namespace

asio::awaitable<ManagedObject> find_vm(SoapClient& soap, const ServiceContent& service,
                                       const VmSelector& vm) {
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
  if (!found) throw VcenterError("vCenter " + soap.host() + " has no " + vm.describe());
  co_return *found;
}

namespace {

// Logs in, finds the VM, runs `acquire` on it and logs out whatever happened.
template <class Ticket, class Acquire>
asio::awaitable<Ticket> with_vm(HttpClient& http, const VcenterLogin& login, const VmSelector& vm,
                                Acquire acquire) {
  SoapClient soap(http);
  const ServiceContent service = co_await retrieve_service_content(soap);
  co_await log_in(soap, service, login);
  std::exception_ptr failure;
  Ticket ticket;
  try {
    const ManagedObject found = co_await find_vm(soap, service, vm);
    ticket = co_await acquire(soap, found, vm.describe());
  } catch (...) {
    failure = std::current_exception();
  }
  co_await log_out(soap, service);
  if (failure) std::rethrow_exception(failure);
  co_return ticket;
}

}  // namespace

asio::awaitable<ConsoleTicket> acquire_ticket_soap(HttpClient& http, const VcenterLogin& login,
                                                   const VmSelector& vm) {
  co_return co_await with_vm<ConsoleTicket>(http, login, vm, acquire_webmks_ticket);
}

asio::awaitable<transport::AuthdTicket> acquire_mks_ticket_soap(HttpClient& http,
                                                                const VcenterLogin& login,
                                                                const VmSelector& vm) {
  co_return co_await with_vm<transport::AuthdTicket>(http, login, vm, acquire_mks_ticket);
}

}  // namespace mks::vsphere
