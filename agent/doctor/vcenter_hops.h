#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/doctor/hop_recorder.h"
#include "agent/transport/connect.h"
#include "agent/vsphere/console_ticket.h"
#include "agent/vsphere/vcenter_address.h"
#include "agent/vsphere/vcenter_session.h"

namespace mks::doctor {

struct VcenterPlan {
  vsphere::VcenterTarget target;
  std::string password;
  transport::TlsOptions tls;  // vCenter's certificate: the target's ?thumbprint= wins
  std::chrono::milliseconds timeout{10000};
};

// How far the vCenter hops got: each member is set once its hop passed.
struct VcenterReach {
  std::shared_ptr<vsphere::VcenterSession> session;
  std::optional<vsphere::ManagedObject> vm;
  bool powered_on = false;
  std::map<std::string, bool> privileges;  // id -> granted; absent when not checked
  std::optional<vsphere::ConsoleTicket> ticket;

  // False only when the check answered "not granted".
  bool may(const std::string& privilege) const;
};

// vCenter address, TCP, TLS, login, VM found, powered on, the console privileges, a WebMKS
// ticket; after a failure the hops that need it are skipped.
boost::asio::awaitable<VcenterReach> check_vcenter_hops(HopRecorder& hops, VcenterPlan plan);

}  // namespace mks::doctor
