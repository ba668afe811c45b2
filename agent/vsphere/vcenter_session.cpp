#include "agent/vsphere/vcenter_session.h"

#include "agent/vsphere/vm_inventory.h"
#include "agent/vsphere/webmks_ticket.h"

namespace mks::vsphere {

namespace asio = boost::asio;

VcenterSession::VcenterSession(asio::any_io_executor executor, const VcenterLogin& login)
    : http_(std::move(executor), login.endpoint, login.tls, login.timeout), soap_(http_) {}

asio::awaitable<std::shared_ptr<VcenterSession>> VcenterSession::open(
    asio::any_io_executor executor, VcenterLogin login) {
  auto session = std::make_shared<VcenterSession>(std::move(executor), login);
  session->service_ = co_await retrieve_service_content(session->soap_);
  co_await log_in(session->soap_, session->service_, login);
  co_return session;
}

asio::awaitable<std::vector<VmRecord>> VcenterSession::list_vms(int page_size) {
  co_return co_await read_vm_inventory(soap_, service_, page_size);
}

asio::awaitable<ConsoleTicket> VcenterSession::acquire_ticket(std::string moref) {
  const ManagedObject vm{"VirtualMachine", moref};
  try {
    co_return co_await acquire_webmks_ticket(soap_, vm, "VM " + moref);
  } catch (const SoapFault& fault) {
    // The fault's line does not say which VM; among a thousand it must.
    throw SoapFault(moref + ": " + fault.what(), fault.type());
  }
}

asio::awaitable<void> VcenterSession::logout() {
  co_await log_out(soap_, service_);
}

}  // namespace mks::vsphere
