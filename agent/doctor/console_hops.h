#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "agent/doctor/hop_recorder.h"
#include "agent/session/session.h"
#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"

namespace mks::doctor {

// The hops from here to a console URL, connected as the agent connects to it.
struct ConsolePlan {
  std::string prefix;  // names the hops: "ESXi address", "console TCP", ...
  transport::Url url;
  session::SessionOptions session;  // TLS choices (a ticket's pin), VNC password
  // The thumbprint vCenter gave with the ticket: the TLS hop compares the host's with it.
  std::optional<transport::Thumbprint> ticket_thumbprint;
  bool from_vcenter = false;                 // also TCP 902; advice offers --via api
  std::chrono::milliseconds timeout{10000};  // per hop
};

// Address, TCP (and 902, informative), TLS, WebSocket upgrade, RFB handshake, first frame;
// after a failure the rest are skipped. True when the first frame arrived. A ticket URL is
// used up by the upgrade.
boost::asio::awaitable<bool> check_console_hops(HopRecorder& hops, ConsolePlan plan);

}  // namespace mks::doctor
