#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "agent/vsphere/vcenter_session.h"

namespace mks::doctor {

// The privileges each console path needs on the VM.
inline constexpr const char* kConsoleInteract = "VirtualMachine.Interact.ConsoleInteract";
inline constexpr const char* kPutUsbScanCodes = "VirtualMachine.Interact.PutUsbScanCodes";
inline constexpr const char* kCreateScreenshot = "VirtualMachine.Interact.CreateScreenshot";

// The key of this login's session (SessionManager.currentSession).
boost::asio::awaitable<std::string> current_session_key(vsphere::VcenterSession& vcenter);

// AuthorizationManager.HasPrivilegeOnEntities for this login on `entity`: privilege id ->
// granted. VcenterError when vCenter has no AuthorizationManager; SoapFault as vCenter faults.
boost::asio::awaitable<std::map<std::string, bool>> privileges_held(
    vsphere::VcenterSession& vcenter, const vsphere::ManagedObject& entity,
    const std::vector<std::string>& privilege_ids);

}  // namespace mks::doctor
