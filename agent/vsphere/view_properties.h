#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>
#include <vector>

#include "agent/vsphere/vim_service.h"

namespace mks::vsphere {

// Which properties to read from the objects of one managed type ("VirtualMachine":
// "name", "runtime.powerState", ...).
struct WantedProperties {
  std::string type;
  std::vector<std::string> paths;
};

// One object and the properties it had. A property vCenter left out (unset) is absent; a
// reference is its managed object id ("host-21"), anything else its text.
struct ObjectProperties {
  ManagedObject object;
  std::map<std::string, std::string> values;

  std::string value(const std::string& path) const;  // "" when absent
};

// Every object of the wanted types below the root folder, in one ContainerView (recursive)
// and PropertyCollector.RetrievePropertiesEx of at most `page_size` objects a page, then
// ContinueRetrievePropertiesEx with the token until none is left (a vCenter that answers
// in one piece has no token). The view is destroyed whatever happened.
boost::asio::awaitable<std::vector<ObjectProperties>> retrieve_view_properties(
    SoapClient& soap, const ServiceContent& service, const std::vector<WantedProperties>& wanted,
    int page_size);

}  // namespace mks::vsphere
