#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/http_client.h"
#include "agent/vsphere/inventory_selection.h"
#include "agent/vsphere/soap_client.h"
#include "agent/vsphere/vim_service.h"

namespace mks::vsphere {

// One vCenter login (SOAP) reused for every call: a sweep of a thousand consoles logs in
// once, not a thousand times. Safe for concurrent coroutines on one io_context: every
// request has its own connection and the session cookie is set once, at login.
class VcenterSession {
 public:
  // Objects a RetrievePropertiesEx page holds when list_vms() is not told.
  static constexpr int kDefaultPageSize = 500;

  // RetrieveServiceContent + Login. Throws AuthError for wrong credentials, VcenterError,
  // TransportError, TlsError or TimeoutError, each one line.
  static boost::asio::awaitable<std::shared_ptr<VcenterSession>> open(
      boost::asio::any_io_executor executor, VcenterLogin login);

  // The whole inventory, sorted by VM name, paged `page_size` objects at a time.
  boost::asio::awaitable<std::vector<VmRecord>> list_vms(int page_size = kDefaultPageSize);
  // A fresh one-shot WebMKS ticket for the VM with this id ("vm-57"). A VM that is powered
  // off or gone throws VcenterError naming it; the session stays usable.
  boost::asio::awaitable<ConsoleTicket> acquire_ticket(std::string moref);
  // Ends the vCenter session; never throws.
  boost::asio::awaitable<void> logout();

  // For calls beyond these (the API console path, doctor), on this login.
  SoapClient& soap() { return soap_; }
  HttpClient& http() { return http_; }
  const ServiceContent& service() const { return service_; }

  VcenterSession(boost::asio::any_io_executor executor, const VcenterLogin& login);
  VcenterSession(const VcenterSession&) = delete;
  VcenterSession& operator=(const VcenterSession&) = delete;

 private:
  HttpClient http_;
  SoapClient soap_;
  ServiceContent service_;
};

}  // namespace mks::vsphere
