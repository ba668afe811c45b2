#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "agent/vsphere/vim_service.h"

namespace mks::vsphere {

// PropertyCollector.RetrievePropertiesEx of `paths` on one object. The reply's propSet
// elements are found with property_value().
boost::asio::awaitable<XmlReply> retrieve_object_properties(SoapClient& soap,
                                                            const ServiceContent& service,
                                                            const ManagedObject& object,
                                                            const std::vector<std::string>& paths);

// The <val> element of the property `name` in a RetrievePropertiesEx reply; null if absent.
XmlReply::Node property_value(const XmlReply& reply, const std::string& name);

}  // namespace mks::vsphere
