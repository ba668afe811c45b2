#pragma once

#include <boost/asio/awaitable.hpp>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/http_client.h"
#include "agent/vsphere/vcenter_error.h"

namespace mks::vsphere {

// vCenter has no console ticket REST endpoint (before vSphere 7.0 U2, or turned off): HTTP
// 404 without a vAPI error body. The caller falls back to SOAP.
class RestEndpointMissing : public VcenterError {
  using VcenterError::VcenterError;
};

// A WebMKS ticket through the vSphere Automation REST API (7.0 U2+): POST /api/session
// (Basic auth), GET /api/vcenter/vm?names=NAME for a name, POST
// /api/vcenter/vm/{vm}/console/tickets {"type":"WEBMKS"}, DELETE /api/session. The REST
// ticket carries no thumbprint. Inventory paths are not supported here (use SOAP).
boost::asio::awaitable<ConsoleTicket> acquire_ticket_rest(HttpClient& http,
                                                          const VcenterLogin& login,
                                                          const VmSelector& vm);

}  // namespace mks::vsphere
