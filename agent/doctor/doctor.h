#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "agent/doctor/doctor_report.h"
#include "agent/transport/connect.h"
#include "agent/vsphere/console_target.h"

namespace mks::doctor {

struct DoctorOptions {
  vsphere::ConsoleTarget target;
  std::string vcenter_password;  // vcenter:// targets
  std::string vnc_password;      // VNC authentication on a vnc:// or ws:// console
  // --insecure; --thumbprint pins vCenter's certificate for a vcenter:// target (unless the
  // target has ?thumbprint=) and the console's for a console URL.
  transport::TlsOptions tls;
  std::chrono::milliseconds hop_timeout{10000};
};

// Walks every hop the agent takes to the console, in order, the way the agent takes it,
// and says which console paths work. Reports failures in the report; never throws for
// them. A ticket URL is used up by the WebSocket upgrade.
boost::asio::awaitable<DoctorReport> run_doctor(DoctorOptions options);

}  // namespace mks::doctor
