#include "agent/doctor/doctor.h"

#include <algorithm>
#include <set>

#include "agent/doctor/authd_hops.h"
#include "agent/doctor/console_hops.h"
#include "agent/doctor/hop_recorder.h"
#include "agent/doctor/privileges.h"
#include "agent/doctor/vcenter_hops.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/vm_console_api.h"

namespace mks::doctor {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// Hops of one path only, left out of the other paths' "why".
const std::set<std::string> kApiOnly = {"privilege PutUsbScanCodes",
                                        "privilege CreateScreenshot",
                                        "API screenshot",
                                        "mks ticket",
                                        "authd (902)",
                                        "authd ServerInit",
                                        "authd first frame"};
const std::set<std::string> kWebmksOnly = {"privilege ConsoleInteract",
                                           "WebMKS ticket",
                                           "ESXi address",
                                           "ESXi TCP",
                                           "ESXi TCP 902",
                                           "ESXi TLS",
                                           "WebSocket upgrade",
                                           "RFB handshake",
                                           "first frame",
                                           "mks ticket",
                                           "authd (902)",
                                           "authd ServerInit",
                                           "authd first frame"};

// "HOP: detail" of the first FAIL on a path (hops of the other path left out).
std::string first_failure(const DoctorReport& report, const std::set<std::string>& other_path) {
  for (const auto& hop : report.hops) {
    if (hop.status == HopStatus::kFail && !other_path.contains(hop.name)) {
      return hop.name + ": " + hop.detail;
    }
  }
  return "";
}

void skip_console_hops(HopRecorder& hops, const std::string& why) {
  for (const char* name : {"ESXi address", "ESXi TCP", "ESXi TCP 902", "ESXi TLS",
                           "WebSocket upgrade", "RFB handshake", "first frame"}) {
    hops.begin();
    hops.skip(name, why);
  }
}

// A screenshot the way the API path takes them: GET /screen, else CreateScreenshot_Task.
asio::awaitable<bool> check_api_screenshot(HopRecorder& hops, const VcenterReach& reach,
                                           const vsphere::VmSelector& selector,
                                           std::chrono::milliseconds timeout) {
  hops.begin();
  try {
    auto api = co_await vsphere::VmConsoleApi::open(reach.session, selector);
    std::string why;
    auto png = co_await api->screen_endpoint_png(why);
    if (png) {
      hops.ok("API screenshot",
              "a PNG of " + std::to_string(png->size()) + " bytes by GET /screen");
    } else {
      const std::string shot = co_await api->screenshot_task_png(Clock::now() + timeout);
      hops.ok("API screenshot", "a PNG of " + std::to_string(shot.size()) +
                                    " bytes by CreateScreenshot_Task (" + why + ")");
    }
    co_return true;
  } catch (const vsphere::SoapFault& fault) {
    hops.fail("API screenshot", current_error(),
              fault.type() == "NoPermission"
                  ? "grant this user 'Create screenshot' (and datastore browsing) on the VM, or "
                    "use --via webmks"
                  : "vCenter took no screenshot: see the VM's tasks and events, or use --via "
                    "webmks");
  } catch (...) {
    hops.fail("API screenshot", current_error(),
              "vCenter took no screenshot: see the VM's tasks and events, or use --via webmks");
  }
  co_return false;
}

asio::awaitable<void> diagnose_vcenter(DoctorReport& report, const DoctorOptions& options) {
  HopRecorder hops(report);
  VcenterPlan plan{*options.target.vcenter, options.vcenter_password, options.tls,
                   options.hop_timeout};
  const VcenterReach reach = co_await check_vcenter_hops(hops, plan);

  bool framed = false;
  if (reach.ticket) {
    ConsolePlan console;
    console.prefix = "ESXi";
    console.url = transport::Url::parse(reach.ticket->url);
    console.session.connect.tls.insecure = options.tls.insecure;
    console.session.connect.tls.thumbprint = reach.ticket->thumbprint;
    console.ticket_thumbprint = reach.ticket->thumbprint;
    console.from_vcenter = true;
    console.timeout = options.hop_timeout;
    framed = co_await check_console_hops(hops, console);
  } else {
    skip_console_hops(hops, "(no WebMKS ticket)");
  }

  bool shot = false;
  if (reach.session && reach.vm && reach.powered_on) {
    shot =
        co_await check_api_screenshot(hops, reach, options.target.vcenter->vm, options.hop_timeout);
  } else {
    hops.begin();
    hops.skip("API screenshot", reach.vm ? "(the VM is not powered on)" : "(no VM)");
  }
  hops.mark();
  bool mks = false;
  if (reach.session && reach.vm && reach.powered_on) {
    mks = co_await check_authd_hops(hops, reach, options.tls, options.hop_timeout);
  } else {
    skip_authd_hops(hops, reach.vm ? "(the VM is not powered on)" : "(no VM)");
  }
  report.port_902 =
      mks ? PathResult{"ok", ""}
          : PathResult{"failed", hops.failure_since_mark().empty() ? first_failure(report, kApiOnly)
                                                                   : hops.failure_since_mark()};
  if (reach.session) co_await reach.session->logout();

  report.webmks =
      framed ? PathResult{"ok", ""} : PathResult{"failed", first_failure(report, kApiOnly)};
  const bool api_ok = shot && reach.may(kPutUsbScanCodes) && reach.may(kCreateScreenshot);
  report.api =
      api_ok ? PathResult{"ok", ""} : PathResult{"failed", first_failure(report, kWebmksOnly)};
}

asio::awaitable<void> diagnose_url(DoctorReport& report, const DoctorOptions& options) {
  HopRecorder hops(report);
  ConsolePlan console;
  console.prefix = "console";
  console.url = *options.target.url;
  console.session.connect.tls = options.tls;
  console.session.rfb.password = options.vnc_password;
  console.timeout = options.hop_timeout;
  const bool framed = co_await check_console_hops(hops, console);
  report.webmks = framed ? PathResult{"ok", ""} : PathResult{"failed", first_failure(report, {})};
  report.api = PathResult{"not applicable", "only a vcenter:// target has an API path"};
}

}  // namespace

asio::awaitable<DoctorReport> run_doctor(DoctorOptions options) {
  const auto started = Clock::now();
  DoctorReport report;
  report.target = options.target.redacted();
  if (options.target.vcenter) {
    co_await diagnose_vcenter(report, options);
  } else {
    co_await diagnose_url(report, options);
  }
  report.total_ms = static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
  co_return report;
}

}  // namespace mks::doctor
