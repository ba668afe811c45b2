#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>

#include "agent/doctor/hop_recorder.h"
#include "agent/doctor/vcenter_hops.h"
#include "agent/transport/connect.h"

namespace mks::doctor {

// The 902 path (--via mks): an `mks` ticket on the doctor's vCenter session, the host's
// authentication daemon (greeting, both TLS sessions, login, CONNECT), ServerInit and a
// first frame. After a failure the rest are skipped. True when the first frame arrived.
boost::asio::awaitable<bool> check_authd_hops(HopRecorder& hops, const VcenterReach& reach,
                                              const transport::TlsOptions& tls,
                                              std::chrono::milliseconds timeout);

// The same hops skipped, with why (no VM, powered off...).
void skip_authd_hops(HopRecorder& hops, const std::string& why);

}  // namespace mks::doctor
