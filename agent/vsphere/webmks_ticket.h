#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/soap_client.h"

namespace mks::vsphere {

// VirtualMachine.AcquireTicket(`type`) on a logged-in SoapClient: the reply. A VM vCenter does
// not know throws VcenterError "vCenter VC has no <what>"; other faults throw SoapFault.
boost::asio::awaitable<XmlReply> call_acquire_ticket(SoapClient& soap, const ManagedObject& vm,
                                                     const std::string& what,
                                                     std::string_view type);

// A ticket's port field: 0 when absent; VcenterError when it is not a port number.
int ticket_port(const std::string& text, const std::string& vcenter_host);

// VirtualMachine.AcquireTicket("webmks") on a logged-in SoapClient. A VM vCenter does not
// know throws VcenterError "vCenter VC has no <what>" (`what` as VmSelector::describe());
// a powered-off VM and other faults throw SoapFault.
boost::asio::awaitable<ConsoleTicket> acquire_webmks_ticket(SoapClient& soap,
                                                            const ManagedObject& vm,
                                                            const std::string& what);

}  // namespace mks::vsphere
