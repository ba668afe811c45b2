#include "agent/doctor/vcenter_hops.h"

#include <algorithm>
#include <boost/asio/this_coro.hpp>

#include "agent/doctor/network_probe.h"
#include "agent/doctor/privileges.h"
#include "agent/errors.h"
#include "agent/transport/url.h"
#include "agent/vsphere/object_properties.h"
#include "agent/vsphere/soap_ticket_source.h"
#include "agent/vsphere/webmks_ticket.h"

namespace mks::doctor {
namespace {

namespace asio = boost::asio;

struct PrivilegeHop {
  const char* id;
  const char* name;
  const char* advice;
};

constexpr PrivilegeHop kPrivilegeHops[] = {
    {kConsoleInteract, "privilege ConsoleInteract",
     "this user may not open the VM's console (WebMKS): grant it 'Console interaction' on the "
     "VM, or use --via api"},
    {kPutUsbScanCodes, "privilege PutUsbScanCodes",
     "the API path cannot type: grant this user 'Inject USB HID scan codes' on the VM, or use "
     "--via webmks"},
    {kCreateScreenshot, "privilege CreateScreenshot",
     "the API path cannot see the screen: grant this user 'Create screenshot' on the VM, or use "
     "--via webmks"},
};

const std::vector<std::string>& later_names(bool tls) {
  static const std::vector<std::string> with_tls = {"vCenter TCP",
                                                    "vCenter TLS",
                                                    "login",
                                                    "VM",
                                                    "power state",
                                                    kPrivilegeHops[0].name,
                                                    kPrivilegeHops[1].name,
                                                    kPrivilegeHops[2].name,
                                                    "WebMKS ticket"};
  static const std::vector<std::string> without_tls = [] {
    auto names = with_tls;
    names.erase(names.begin() + 1);
    return names;
  }();
  return tls ? with_tls : without_tls;
}

// Skips every hop after `failed` (all of them when it is not in the list).
void skip_after(HopRecorder& hops, bool tls, const std::string& failed) {
  const auto& names = later_names(tls);
  auto from = std::find(names.begin(), names.end(), failed);
  from = from == names.end() ? names.begin() : from + 1;
  for (; from != names.end(); ++from) {
    hops.begin();
    hops.skip(*from, "(" + failed + " failed)");
  }
}

std::string vcenter_tls_advice() {
  return "vCenter's certificate is not trusted here: pin it with ?thumbprint=SHA256 in the "
         "target or --thumbprint (its SHA-256 is shown) if it is the right one, or use --insecure";
}

asio::awaitable<void> check_privileges(HopRecorder& hops, VcenterReach& reach) {
  hops.begin();
  std::vector<std::string> ids;
  for (const auto& hop : kPrivilegeHops) ids.push_back(hop.id);
  std::string unknown;
  try {
    reach.privileges = co_await privileges_held(*reach.session, *reach.vm, ids);
  } catch (...) {
    unknown = current_error();
  }
  for (const auto& hop : kPrivilegeHops) {
    const auto held = reach.privileges.find(hop.id);
    if (held == reach.privileges.end()) {
      hops.info(hop.name, "not checked: " + (unknown.empty() ? "vCenter did not say" : unknown));
    } else if (held->second) {
      hops.ok(hop.name, std::string(hop.id) + " held on " + reach.vm->value);
    } else {
      hops.fail(hop.name, std::string(hop.id) + " not granted on " + reach.vm->value, hop.advice);
    }
    hops.begin();
  }
}

asio::awaitable<bool> check_power(HopRecorder& hops, VcenterReach& reach) {
  hops.begin();
  try {
    const std::vector<std::string> paths = {"runtime.powerState"};
    const vsphere::XmlReply reply = co_await vsphere::retrieve_object_properties(
        reach.session->soap(), reach.session->service(), *reach.vm, paths);
    const std::string state =
        vsphere::XmlReply::text(vsphere::property_value(reply, "runtime.powerState"));
    reach.powered_on = state == "poweredOn";
    if (reach.powered_on) {
      hops.ok("power state", state);
    } else {
      hops.fail("power state", state.empty() ? "unknown" : state,
                "power the VM on: a VM that is not running has no console");
    }
  } catch (...) {
    hops.fail("power state", current_error(), "vCenter did not say the VM's power state");
  }
  co_return reach.powered_on;
}

asio::awaitable<void> check_ticket(HopRecorder& hops, VcenterReach& reach) {
  hops.begin();
  try {
    const std::string what = "VM " + reach.vm->value;
    reach.ticket = co_await vsphere::acquire_webmks_ticket(reach.session->soap(), *reach.vm, what);
    const auto url = transport::Url::parse(reach.ticket->url);
    hops.ok("WebMKS ticket",
            url.redacted() + (reach.ticket->thumbprint
                                  ? ", host thumbprint " + reach.ticket->thumbprint->to_string()
                                  : ", no host thumbprint"));
  } catch (const vsphere::SoapFault& fault) {
    hops.fail("WebMKS ticket", current_error(),
              fault.type() == "NoPermission"
                  ? "grant this user 'Console interaction' on the VM, or use --via api"
                  : "vCenter would not give a console ticket: see the VM's tasks and events");
  } catch (...) {
    hops.fail("WebMKS ticket", current_error(),
              "vCenter would not give a console ticket: see the VM's tasks and events");
  }
}

}  // namespace

bool VcenterReach::may(const std::string& privilege) const {
  const auto held = privileges.find(privilege);
  return held == privileges.end() || held->second;
}

asio::awaitable<VcenterReach> check_vcenter_hops(HopRecorder& hops, VcenterPlan plan) {
  VcenterReach reach;
  const vsphere::VcenterEndpoint& endpoint = plan.target.endpoint;
  const bool tls = endpoint.tls;
  hops.begin();
  Endpoints endpoints;
  try {
    endpoints = co_await resolve_host(endpoint.host, endpoint.port, plan.timeout);
    hops.ok("vCenter address", endpoint.host + " -> " + describe(endpoints));
  } catch (...) {
    hops.fail("vCenter address", current_error(),
              "vCenter's name does not resolve from here: check the target's host, DNS or "
              "/etc/hosts");
  }
  if (endpoints.empty()) {
    skip_after(hops, tls, "vCenter address");
    co_return reach;
  }

  hops.begin();
  bool reached = false;
  try {
    co_await tcp_check(endpoints, plan.timeout);
    hops.ok("vCenter TCP",
            endpoint.host + ":" + std::to_string(endpoint.port) + " accepts connections");
    reached = true;
  } catch (...) {
    hops.fail("vCenter TCP", current_error(),
              "vCenter does not answer on this port from here: check the port, a firewall or a "
              "proxy in between");
  }
  if (!reached) {
    skip_after(hops, tls, "vCenter TCP");
    co_return reach;
  }

  if (plan.target.thumbprint) plan.tls.thumbprint = plan.target.thumbprint;
  if (tls) {
    hops.begin();
    bool trusted = false;
    try {
      const TlsSeen seen = co_await tls_check(endpoints, endpoint.host, plan.tls, plan.timeout);
      hops.ok("vCenter TLS", std::string(plan.tls.insecure     ? "not verified (--insecure)"
                                         : plan.tls.thumbprint ? "pinned thumbprint matches"
                                                               : "trusted by the CA store") +
                                 "; SHA-256 " + seen.sha256.to_string());
      trusted = true;
    } catch (...) {
      hops.fail("vCenter TLS", current_error(), vcenter_tls_advice());
    }
    if (!trusted) {
      skip_after(hops, tls, "vCenter TLS");
      co_return reach;
    }
  }

  hops.begin();
  vsphere::VcenterLogin login;
  login.endpoint = endpoint;
  login.user = plan.target.user;
  login.password = plan.password;
  login.tls = plan.tls;
  login.timeout = plan.timeout;
  try {
    const auto executor = co_await asio::this_coro::executor;
    reach.session = co_await vsphere::VcenterSession::open(executor, login);
    hops.ok("login", "logged in as " + plan.target.user);
  } catch (const AuthError&) {
    hops.fail("login", current_error(),
              "check the user name and the password (MKS_VCENTER_PASSWORD, "
              "MKS_VCENTER_PASSWORD_FILE or --password-file)");
  } catch (...) {
    hops.fail("login", current_error(),
              "is this vCenter? its /sdk did not answer as vSphere's API");
  }
  if (!reach.session) {
    skip_after(hops, tls, "login");
    co_return reach;
  }

  hops.begin();
  try {
    reach.vm =
        co_await vsphere::find_vm(reach.session->soap(), reach.session->service(), plan.target.vm);
    hops.ok("VM", plan.target.vm.describe() + " is " + reach.vm->value);
  } catch (...) {
    hops.fail("VM", current_error(),
              "check the VM's name (case matters), inventory path (DC/vm/folder/NAME) or id "
              "(vm-42), and that this user can see it");
  }
  if (!reach.vm) {
    skip_after(hops, tls, "VM");
    co_return reach;
  }

  const bool on = co_await check_power(hops, reach);
  co_await check_privileges(hops, reach);
  if (!on) {
    hops.begin();
    hops.skip("WebMKS ticket", "(power state failed)");
    co_return reach;
  }
  co_await check_ticket(hops, reach);
  co_return reach;
}

}  // namespace mks::doctor
