#include "agent/vsphere/vm_console_api.h"

#include <array>
#include <utility>

#include "agent/errors.h"
#include "agent/vsphere/datastore_path.h"
#include "agent/vsphere/object_properties.h"
#include "agent/vsphere/soap_ticket_source.h"
#include "agent/vsphere/url_encoding.h"
#include "agent/vsphere/vim_task.h"

namespace mks::vsphere {

namespace asio = boost::asio;

namespace {

std::string modifiers_element(const input::hid::Modifiers& m) {
  if (!m.any()) return "";
  const std::array<std::pair<const char*, bool>, 8> flags = {{
      {"leftControl", m.left_control},
      {"leftShift", m.left_shift},
      {"leftAlt", m.left_alt},
      {"leftGui", m.left_gui},
      {"rightControl", m.right_control},
      {"rightShift", m.right_shift},
      {"rightAlt", m.right_alt},
      {"rightGui", m.right_gui},
  }};
  std::string out = "<vim25:modifiers>";
  for (const auto& [name, on] : flags) {
    if (on) out += std::string("<vim25:") + name + ">true</vim25:" + name + ">";
  }
  return out + "</vim25:modifiers>";
}

// Up the parent chain from the VM to its datacenter, and on to the root folder for the
// datacenter's inventory path.
struct Placement {
  ManagedObject datacenter;
  std::string path;
};

asio::awaitable<ManagedObject> parent_of(SoapClient& soap, const ServiceContent& service,
                                         const ManagedObject& object) {
  const std::vector<std::string> paths = {"parent"};
  const XmlReply reply = co_await retrieve_object_properties(soap, service, object, paths);
  XmlReply::Node parent = property_value(reply, "parent");
  co_return parent == nullptr ? ManagedObject{} : moref_of(parent);
}

asio::awaitable<std::string> name_of(SoapClient& soap, const ServiceContent& service,
                                     const ManagedObject& object) {
  const std::vector<std::string> paths = {"name"};
  const XmlReply reply = co_await retrieve_object_properties(soap, service, object, paths);
  co_return XmlReply::text(property_value(reply, "name"));
}

asio::awaitable<Placement> placement_of(SoapClient& soap, const ServiceContent& service,
                                        const ManagedObject& vm) {
  Placement out;
  ManagedObject at = vm;
  // Inventory trees are shallow; the bound only guards against a reply that loops.
  for (int depth = 0; depth < 64; ++depth) {
    at = co_await parent_of(soap, service, at);
    if (at.value.empty() || at.value == service.root_folder.value) break;
    if (at.type == "Datacenter") out.datacenter = at;
    if (!out.datacenter.value.empty()) {
      const std::string name = co_await name_of(soap, service, at);
      out.path = out.path.empty() ? name : name + "/" + out.path;
    }
  }
  if (out.datacenter.value.empty()) {
    throw VcenterError("vCenter " + soap.host() + ": VM " + vm.value + " is in no datacenter");
  }
  co_return out;
}

}  // namespace

std::string put_usb_scan_codes_body(const ManagedObject& vm, std::span<const UsbKeyEvent> events) {
  std::string body = "<vim25:PutUsbScanCodes>" + moref_element("_this", vm) + "<vim25:spec>";
  for (const auto& event : events) {
    body += "<vim25:keyEvents><vim25:usbHidCode>" +
            std::to_string(input::hid::usb_hid_code(event.usage)) + "</vim25:usbHidCode>" +
            modifiers_element(event.modifiers) + "</vim25:keyEvents>";
  }
  return body + "</vim25:spec></vim25:PutUsbScanCodes>";
}

VmConsoleApi::VmConsoleApi(std::shared_ptr<VcenterSession> vcenter, ManagedObject vm,
                           ManagedObject datacenter, std::string datacenter_path)
    : vcenter_(std::move(vcenter)),
      vm_(std::move(vm)),
      datacenter_(std::move(datacenter)),
      datacenter_path_(std::move(datacenter_path)) {}

asio::awaitable<std::unique_ptr<VmConsoleApi>> VmConsoleApi::open(
    std::shared_ptr<VcenterSession> vcenter, VmSelector selector) {
  SoapClient& soap = vcenter->soap();
  const ServiceContent& service = vcenter->service();
  const ManagedObject vm = co_await find_vm(soap, service, selector);
  const Placement placement = co_await placement_of(soap, service, vm);
  co_return std::make_unique<VmConsoleApi>(std::move(vcenter), vm, placement.datacenter,
                                           placement.path);
}

asio::awaitable<int> VmConsoleApi::put_usb_scan_codes(std::span<const UsbKeyEvent> events) {
  const XmlReply reply =
      co_await vcenter_->soap().call("PutUsbScanCodes", put_usb_scan_codes_body(vm_, events));
  const std::string count = XmlReply::text(XmlReply::find(reply.root(), "returnval"));
  try {
    co_return std::stoi(count);
  } catch (const std::exception&) {
    throw VcenterError("vCenter " + host() + ": PutUsbScanCodes answered \"" + count.substr(0, 40) +
                       "\", not a count of keys");
  }
}

asio::awaitable<std::optional<std::string>> VmConsoleApi::screen_endpoint_png(std::string& why) {
  const std::string target = "/screen?id=" + percent_encode(vm_.value);
  const HttpReply reply = co_await vcenter_->http().send("GET", target, "");
  if (reply.status == 200 && reply.body.starts_with("\x89PNG")) co_return reply.body;
  why = reply.status == 200 ? "GET /screen answered 200 without a PNG"
                            : "GET /screen answered HTTP " + std::to_string(reply.status);
  co_return std::nullopt;
}

asio::awaitable<std::string> VmConsoleApi::screenshot_task_png(Clock::time_point deadline) {
  SoapClient& soap = vcenter_->soap();
  const std::string what = "CreateScreenshot_Task of " + vm_.value;
  const XmlReply started = co_await soap.call(
      "CreateScreenshot_Task", "<vim25:CreateScreenshot_Task>" + moref_element("_this", vm_) +
                                   "</vim25:CreateScreenshot_Task>");
  const ManagedObject task = moref_of(XmlReply::find(started.root(), "returnval"));
  const std::string result =
      co_await wait_for_task(soap, vcenter_->service(), task, deadline, what);
  auto file = DatastorePath::parse(result);
  if (!file) {
    throw VcenterError("vCenter " + host() + ": " + what + " gave \"" + result.substr(0, 120) +
                       "\", not a datastore path");
  }
  if (file->host_form) file->datastore = co_await datastore_name(file->datastore);
  const HttpReply reply =
      co_await vcenter_->http().send("GET", folder_target(*file, datacenter_path_), "");
  if (reply.status != 200) {
    throw VcenterError("vCenter " + host() + ": GET /folder for " + file->bracketed() +
                       " answered HTTP " + std::to_string(reply.status));
  }
  co_await delete_file(file->bracketed(), deadline);
  co_return reply.body;
}

// A host path's volume is the datastore's name on some endpoints and its UUID on others:
// the VM's datastores say which (their summary.url ends in /vmfs/volumes/UUID/).
asio::awaitable<std::string> VmConsoleApi::datastore_name(const std::string& volume) {
  SoapClient& soap = vcenter_->soap();
  const ServiceContent& service = vcenter_->service();
  const std::vector<std::string> paths = {"datastore"};
  const XmlReply reply = co_await retrieve_object_properties(soap, service, vm_, paths);
  for (XmlReply::Node ref :
       XmlReply::find_all(property_value(reply, "datastore"), "ManagedObjectReference")) {
    const ManagedObject datastore = moref_of(ref);
    const std::vector<std::string> wanted = {"name", "summary.url"};
    const XmlReply props = co_await retrieve_object_properties(soap, service, datastore, wanted);
    const std::string name = XmlReply::text(property_value(props, "name"));
    const std::string url = XmlReply::text(property_value(props, "summary.url"));
    if (name == volume || url.find("/vmfs/volumes/" + volume) != std::string::npos) co_return name;
  }
  co_return volume;
}

asio::awaitable<void> VmConsoleApi::delete_file(const std::string& bracketed,
                                                Clock::time_point deadline) {
  const ServiceContent& service = vcenter_->service();
  if (service.file_manager.value.empty()) co_return;
  try {
    const XmlReply started = co_await vcenter_->soap().call(
        "DeleteDatastoreFile_Task",
        "<vim25:DeleteDatastoreFile_Task>" + moref_element("_this", service.file_manager) +
            "<vim25:name>" + xml_escape(bracketed) + "</vim25:name>" +
            moref_element("datacenter", datacenter_) + "</vim25:DeleteDatastoreFile_Task>");
    const ManagedObject task = moref_of(XmlReply::find(started.root(), "returnval"));
    co_await wait_for_task(vcenter_->soap(), service, task, deadline, "deleting " + bracketed);
  } catch (const AgentError&) {
    // The screenshot is taken; a file left behind is vCenter's usual state (Ansible never
    // deletes it) and not worth failing a wait for.
  }
}

}  // namespace mks::vsphere
