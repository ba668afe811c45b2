// vCenter's HTTP replies, as the agent reads them: a loopback peer answers each request with
// the next reply of the input (replies split at "\n@@@\n"; each is a whole HTTP response:
// status line, headers, body). The first byte picks the flow: the sweep's (SOAP login, the
// paged inventory, a ticket, logout) or the one-shot ticket (REST first, SOAP fallback).
#include <boost/asio/io_context.hpp>

#include "agent/errors.h"
#include "agent/vsphere/ticket_source.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/vcenter_session.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/loopback_peer.h"

namespace {

mks::vsphere::VcenterLogin login_to(std::uint16_t port) {
  mks::vsphere::VcenterLogin login;
  login.endpoint = mks::vsphere::VcenterEndpoint::parse("http://127.0.0.1:" + std::to_string(port));
  login.user = "fuzz@vsphere.local";
  login.password = "secret";
  login.timeout = std::chrono::milliseconds(2000);
  return login;
}

boost::asio::awaitable<void> sweep_flow(mks::vsphere::VcenterLogin login) {
  auto session =
      co_await mks::vsphere::VcenterSession::open(co_await boost::asio::this_coro::executor, login);
  const auto vms = co_await session->list_vms(2);
  // A named argument: GCC 12 destroys a temporary made inside co_await twice.
  const std::string moref = vms.empty() ? std::string("vm-1") : vms.front().moref;
  co_await session->acquire_ticket(moref);
  co_await session->logout();
}

boost::asio::awaitable<void> ticket_flow(mks::vsphere::VcenterLogin login) {
  co_await mks::vsphere::acquire_console_ticket(login,
                                                mks::vsphere::VmSelector::parse("DC0_H0_VM0"));
}

boost::asio::awaitable<void> run_flow(bool sweep, std::uint16_t port) {
  try {
    if (sweep) {
      co_await sweep_flow(login_to(port));
    } else {
      co_await ticket_flow(login_to(port));
    }
  } catch (const mks::AgentError& e) {
    mks::fuzz::expected_error(e);
  }
}

}  // namespace

MKS_FUZZ_TARGET(vcenter_replies) {
  mks::fuzz::FuzzInput in(data, size);
  const bool sweep = in.byte() & 1;
  boost::asio::io_context io;
  mks::fuzz::LoopbackPeer peer(io, mks::fuzz::split_replies(in.rest_as_text()));
  mks::fuzz::run_with_peer(io, peer, run_flow(sweep, peer.port()));
  return 0;
}
