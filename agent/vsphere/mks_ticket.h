#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "agent/transport/authd_connect.h"
#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/soap_client.h"

namespace mks::vsphere {

// VirtualMachineTicket of type "mks" -> what the 902 dialogue needs: the ticket, cfgFile,
// host (vCenter's when absent), port (902 when absent), sslThumbprint (pinned when present).
// Throws VcenterError for a ticket without ticket or cfgFile, or with a bad port.
transport::AuthdTicket mks_ticket_from(const std::string& ticket, const std::string& cfg_file,
                                       const std::string& host, const std::string& port,
                                       const std::string& ssl_thumbprint,
                                       const VcenterEndpoint& vcenter);

// VirtualMachine.AcquireTicket("mks") on a logged-in SoapClient (`what` names the VM in
// errors, as VmSelector::describe()).
boost::asio::awaitable<transport::AuthdTicket> acquire_mks_ticket(SoapClient& soap,
                                                                  const ManagedObject& vm,
                                                                  const std::string& what);

}  // namespace mks::vsphere
