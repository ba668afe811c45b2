#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "agent/input/hid_usages.h"
#include "agent/vsphere/vcenter_session.h"

namespace mks::vsphere {

// One keystroke of VirtualMachine.PutUsbScanCodes: the key's USB HID usage, pressed and
// released with these modifiers held.
struct UsbKeyEvent {
  std::uint16_t usage = 0;
  input::hid::Modifiers modifiers;
};

// A VM's console through vCenter's API alone (no connection to the ESXi host):
// keys by PutUsbScanCodes, the screen by GET /screen?id= or CreateScreenshot_Task
// (docs/vsphere-api.md). Uses a logged-in VcenterSession, which it keeps alive.
class VmConsoleApi {
 public:
  using Clock = std::chrono::steady_clock;

  // Finds the VM and its datacenter. VcenterError when vCenter has no such VM.
  static boost::asio::awaitable<std::unique_ptr<VmConsoleApi>> open(
      std::shared_ptr<VcenterSession> vcenter, VmSelector vm);

  // The keys, one call; returns how many vCenter says it injected. SoapFault as vCenter
  // faults (NoPermission, InvalidPowerState, ...).
  boost::asio::awaitable<int> put_usb_scan_codes(std::span<const UsbKeyEvent> events);
  // GET /screen?id=VM: the PNG, or nullopt when the endpoint does not answer with an image
  // (not every vCenter has it; the status is in `why`).
  boost::asio::awaitable<std::optional<std::string>> screen_endpoint_png(std::string& why);
  // CreateScreenshot_Task, the file from /folder, then DeleteDatastoreFile_Task (a failed
  // delete only leaves the file). The PNG; SoapFault, VcenterError or TimeoutError.
  boost::asio::awaitable<std::string> screenshot_task_png(Clock::time_point deadline);

  // Ends the vCenter login; never throws.
  boost::asio::awaitable<void> logout() { co_await vcenter_->logout(); }

  const ManagedObject& vm() const { return vm_; }
  const std::string& datacenter_path() const { return datacenter_path_; }
  std::string host() const { return vcenter_->soap().host(); }

  VmConsoleApi(std::shared_ptr<VcenterSession> vcenter, ManagedObject vm, ManagedObject datacenter,
               std::string datacenter_path);

 private:
  boost::asio::awaitable<std::string> datastore_name(const std::string& volume);
  boost::asio::awaitable<void> delete_file(const std::string& bracketed,
                                           Clock::time_point deadline);

  std::shared_ptr<VcenterSession> vcenter_;
  ManagedObject vm_;
  ManagedObject datacenter_;
  std::string datacenter_path_;  // "DC0", "F0/DC1": /folder's dcPath
};

// The PutUsbScanCodes method element (public for tests).
std::string put_usb_scan_codes_body(const ManagedObject& vm, std::span<const UsbKeyEvent> events);

}  // namespace mks::vsphere
