#include "agent/vsphere/view_properties.h"

#include <algorithm>
#include <exception>

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;

std::string element(const std::string& name, const std::string& text) {
  return "<vim25:" + name + ">" + xml_escape(text) + "</vim25:" + name + ">";
}

std::string prop_set(const WantedProperties& wanted) {
  std::string out = "<vim25:propSet>" + element("type", wanted.type);
  for (const auto& path : wanted.paths) out += element("pathSet", path);
  return out + "</vim25:propSet>";
}

// The view's objects (skip the view itself) through its "view" property.
std::string spec_set(const ManagedObject& view, const std::vector<WantedProperties>& wanted) {
  std::string out = "<vim25:specSet>";
  for (const auto& each : wanted) out += prop_set(each);
  return out + "<vim25:objectSet>" + moref_element("obj", view) +
         "<vim25:skip>true</vim25:skip><vim25:selectSet xsi:type=\"vim25:TraversalSpec\">"
         "<vim25:name>view</vim25:name><vim25:type>ContainerView</vim25:type>"
         "<vim25:path>view</vim25:path><vim25:skip>false</vim25:skip></vim25:selectSet>"
         "</vim25:objectSet></vim25:specSet>";
}

void read_page(const XmlReply& page, std::vector<ObjectProperties>& out) {
  XmlReply::Node result = XmlReply::find(page.root(), "returnval");
  for (XmlReply::Node object : XmlReply::find_all(result, "objects")) {
    ObjectProperties properties;
    properties.object = moref_of(XmlReply::child(object, "obj"));
    for (XmlReply::Node prop : XmlReply::find_all(object, "propSet")) {
      properties.values[XmlReply::child_text(prop, "name").value_or("")] =
          XmlReply::text(XmlReply::child(prop, "val"));
    }
    out.push_back(std::move(properties));
  }
}

std::optional<std::string> token_of(const XmlReply& page) {
  return XmlReply::child_text(XmlReply::find(page.root(), "returnval"), "token");
}

asio::awaitable<ManagedObject> create_view(SoapClient& soap, const ServiceContent& service,
                                           const std::vector<WantedProperties>& wanted) {
  std::string types;
  for (const auto& each : wanted) types += element("type", each.type);
  const XmlReply created = co_await soap.call(
      "CreateContainerView", "<vim25:CreateContainerView>" +
                                 moref_element("_this", service.view_manager) +
                                 moref_element("container", service.root_folder) + types +
                                 "<vim25:recursive>true</vim25:recursive>"
                                 "</vim25:CreateContainerView>");
  co_return moref_of(XmlReply::find(created.root(), "returnval"));
}

asio::awaitable<std::vector<ObjectProperties>> retrieve_pages(
    SoapClient& soap, const ServiceContent& service, const ManagedObject& view,
    const std::vector<WantedProperties>& wanted, int page_size) {
  const std::string collector = moref_element("_this", service.property_collector);
  XmlReply page = co_await soap.call(
      "RetrievePropertiesEx", "<vim25:RetrievePropertiesEx>" + collector + spec_set(view, wanted) +
                                  "<vim25:options>" +
                                  element("maxObjects", std::to_string(std::max(page_size, 1))) +
                                  "</vim25:options></vim25:RetrievePropertiesEx>");
  std::vector<ObjectProperties> out;
  while (true) {
    read_page(page, out);
    const auto token = token_of(page);
    if (!token || token->empty()) co_return out;
    page =
        co_await soap.call("ContinueRetrievePropertiesEx",
                           "<vim25:ContinueRetrievePropertiesEx>" + collector +
                               element("token", *token) + "</vim25:ContinueRetrievePropertiesEx>");
  }
}

}  // namespace

std::string ObjectProperties::value(const std::string& path) const {
  const auto found = values.find(path);
  return found == values.end() ? "" : found->second;
}

asio::awaitable<std::vector<ObjectProperties>> retrieve_view_properties(
    SoapClient& soap, const ServiceContent& service, const std::vector<WantedProperties>& wanted,
    int page_size) {
  const ManagedObject view = co_await create_view(soap, service, wanted);
  std::exception_ptr failure;
  std::vector<ObjectProperties> objects;
  try {
    objects = co_await retrieve_pages(soap, service, view, wanted, page_size);
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    co_await soap.call("DestroyView", "<vim25:DestroyView>" + moref_element("_this", view) +
                                          "</vim25:DestroyView>");
  } catch (const std::exception&) {
    // Views die with the session; a failed DestroyView must not hide the result or the error.
  }
  if (failure) std::rethrow_exception(failure);
  co_return objects;
}

}  // namespace mks::vsphere
