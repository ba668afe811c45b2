#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/transport/thumbprint.h"

namespace mks::vsphere {

// Where vCenter's API is: https://VC[:PORT] (http:// only for simulators on loopback).
struct VcenterEndpoint {
  bool tls = true;
  std::string host;
  std::uint16_t port = 443;

  // Accepts "https://vc.example[:port][/...]", "http://..." or a bare "vc.example[:port]"
  // (https). Throws std::invalid_argument naming the problem.
  static VcenterEndpoint parse(std::string_view text);
  std::string to_string() const;  // "https://vc.example:443"
};

// How the VM is named: its inventory path contains '/', a managed object id looks like
// "vm-42", anything else is the VM's name.
struct VmSelector {
  enum class Kind { kName, kInventoryPath, kMoref };
  Kind kind = Kind::kName;
  std::string value;

  static VmSelector parse(std::string_view text);  // std::invalid_argument when empty
  std::string describe() const;                    // "VM named 'web01'", "VM vm-42", ...
};

// Which way to a vCenter VM's console: WebMKS to its ESXi host (a ticket), vCenter's API
// alone (PutUsbScanCodes, screenshots), the host's authentication daemon on TCP 902 (an
// `mks` ticket), or auto: WebMKS when the host answers, else the API.
enum class ConsoleVia { kWebmks, kApi, kAuto, kMks };
// "webmks" | "api" | "auto" | "mks"; std::invalid_argument naming the choices otherwise.
ConsoleVia parse_console_via(std::string_view text);
std::string_view to_string(ConsoleVia via);

// A console target that gets its ticket from vCenter:
// vcenter://USER@VC[:PORT]/VM[?thumbprint=HEX][&via=webmks|api|auto|mks] where USER and VM may be
// %-encoded (administrator%40vsphere.local; the last '@' separates the user from the host anyway)
// and VM is a name, an inventory path (DC/vm/folder/name) or a managed object id (vm-42).
// thumbprint pins vCenter's own certificate; via picks the console path (default webmks).
struct VcenterTarget {
  VcenterEndpoint endpoint;
  std::string user;
  VmSelector vm;
  std::optional<transport::Thumbprint> thumbprint;
  std::optional<ConsoleVia> via;

  static bool is_vcenter_url(std::string_view text);  // starts with vcenter://
  // Throws std::invalid_argument naming the problem.
  static VcenterTarget parse(std::string_view text);
  std::string to_string() const;  // without the thumbprint, safe to log
};

}  // namespace mks::vsphere
