#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/soap_client.h"

namespace mks::vsphere {

// The managed objects a vim25 client starts from (ServiceInstance.content).
struct ServiceContent {
  ManagedObject root_folder, session_manager, search_index, view_manager, property_collector;
  // Empty when the endpoint has none (the API console path and doctor need them).
  ManagedObject file_manager, authorization_manager;
};

// The steps every vim25 conversation shares, each one SOAP call. Throws as SoapClient::call
// does (AuthError for a refused login).
boost::asio::awaitable<ServiceContent> retrieve_service_content(SoapClient& soap);
boost::asio::awaitable<void> log_in(SoapClient& soap, const ServiceContent& service,
                                    const VcenterLogin& login);
// Never throws: a failed logout only leaves the session to time out on vCenter.
boost::asio::awaitable<void> log_out(SoapClient& soap, const ServiceContent& service);

}  // namespace mks::vsphere
