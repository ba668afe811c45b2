#pragma once

#include <boost/asio/awaitable.hpp>

#include "agent/transport/authd_connect.h"
#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/http_client.h"
#include "agent/vsphere/vim_service.h"

namespace mks::vsphere {

// A WebMKS ticket through the vSphere Web Services API (SOAP): RetrieveServiceContent,
// SessionManager.Login, the VM by name (a ContainerView and the PropertyCollector), by
// inventory path (SearchIndex.FindByInventoryPath) or by id, then
// VirtualMachine.AcquireTicket("webmks"), and Logout whatever happened.
boost::asio::awaitable<ConsoleTicket> acquire_ticket_soap(HttpClient& http,
                                                          const VcenterLogin& login,
                                                          const VmSelector& vm);

// The same for an `mks` ticket (ESXi's authentication daemon on TCP 902):
// VirtualMachine.AcquireTicket("mks"). vCenter's REST API has no such ticket.
boost::asio::awaitable<transport::AuthdTicket> acquire_mks_ticket_soap(HttpClient& http,
                                                                       const VcenterLogin& login,
                                                                       const VmSelector& vm);

// The VM `vm` names, on a logged-in SoapClient; VcenterError "vCenter VC has no VM ..." when
// there is none.
boost::asio::awaitable<ManagedObject> find_vm(SoapClient& soap, const ServiceContent& service,
                                              const VmSelector& vm);

}  // namespace mks::vsphere
