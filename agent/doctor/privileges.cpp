#include "agent/doctor/privileges.h"

#include "agent/vsphere/object_properties.h"

namespace mks::doctor {

namespace asio = boost::asio;
using vsphere::XmlReply;

asio::awaitable<std::string> current_session_key(vsphere::VcenterSession& vcenter) {
  const std::vector<std::string> paths = {"currentSession"};
  const XmlReply reply = co_await vsphere::retrieve_object_properties(
      vcenter.soap(), vcenter.service(), vcenter.service().session_manager, paths);
  const std::string key =
      XmlReply::child_text(vsphere::property_value(reply, "currentSession"), "key").value_or("");
  if (key.empty()) {
    throw vsphere::VcenterError("vCenter " + vcenter.soap().host() +
                                ": SessionManager.currentSession has no key");
  }
  co_return key;
}

asio::awaitable<std::map<std::string, bool>> privileges_held(
    vsphere::VcenterSession& vcenter, const vsphere::ManagedObject& entity,
    const std::vector<std::string>& privilege_ids) {
  const vsphere::ManagedObject& manager = vcenter.service().authorization_manager;
  if (manager.value.empty()) {
    throw vsphere::VcenterError("vCenter " + vcenter.soap().host() +
                                " has no AuthorizationManager");
  }
  const std::string session = co_await current_session_key(vcenter);
  std::string body = "<vim25:HasPrivilegeOnEntities>" + vsphere::moref_element("_this", manager) +
                     vsphere::moref_element("entity", entity) + "<vim25:sessionId>" +
                     vsphere::xml_escape(session) + "</vim25:sessionId>";
  for (const auto& id : privilege_ids) {
    body += "<vim25:privId>" + vsphere::xml_escape(id) + "</vim25:privId>";
  }
  body += "</vim25:HasPrivilegeOnEntities>";
  const XmlReply reply = co_await vcenter.soap().call("HasPrivilegeOnEntities", body);
  std::map<std::string, bool> held;
  for (XmlReply::Node node : XmlReply::find_all(reply.root(), "privAvailability")) {
    const auto id = XmlReply::child_text(node, "privId");
    if (id) held[*id] = XmlReply::child_text(node, "isGranted").value_or("") == "true";
  }
  co_return held;
}

}  // namespace mks::doctor
