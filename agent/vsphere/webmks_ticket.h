#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/soap_client.h"

namespace mks::vsphere {

// VirtualMachine.AcquireTicket("webmks") on a logged-in SoapClient. A VM vCenter does not
// know throws VcenterError "vCenter VC has no <what>" (`what` as VmSelector::describe());
// a powered-off VM and other faults throw SoapFault.
boost::asio::awaitable<ConsoleTicket> acquire_webmks_ticket(SoapClient& soap,
                                                            const ManagedObject& vm,
                                                            const std::string& what);

}  // namespace mks::vsphere
