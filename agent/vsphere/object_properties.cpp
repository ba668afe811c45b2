#include "agent/vsphere/object_properties.h"

namespace mks::vsphere {

namespace asio = boost::asio;

asio::awaitable<XmlReply> retrieve_object_properties(SoapClient& soap,
                                                     const ServiceContent& service,
                                                     const ManagedObject& object,
                                                     const std::vector<std::string>& paths) {
  std::string prop_set = "<vim25:propSet><vim25:type>" + xml_escape(object.type) + "</vim25:type>";
  for (const auto& path : paths)
    prop_set += "<vim25:pathSet>" + xml_escape(path) + "</vim25:pathSet>";
  prop_set += "</vim25:propSet>";
  const std::string body = "<vim25:RetrievePropertiesEx>" +
                           moref_element("_this", service.property_collector) + "<vim25:specSet>" +
                           prop_set + "<vim25:objectSet>" + moref_element("obj", object) +
                           "</vim25:objectSet></vim25:specSet><vim25:options/>"
                           "</vim25:RetrievePropertiesEx>";
  co_return co_await soap.call("RetrievePropertiesEx", body);
}

XmlReply::Node property_value(const XmlReply& reply, const std::string& name) {
  for (XmlReply::Node prop : XmlReply::find_all(reply.root(), "propSet")) {
    if (XmlReply::child_text(prop, "name") == name) return XmlReply::child(prop, "val");
  }
  return nullptr;
}

}  // namespace mks::vsphere
