#pragma once

// The console through the ESXi host's authentication daemon (TCP 902) with `mks` tickets
// (--via mks, docs/authd.md).
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "agent/session/session.h"
#include "agent/vsphere/console_target.h"

namespace mks::vsphere {

// A fresh `mks` ticket from vCenter (SOAP), then the 902 dialogue. A ticket the daemon
// refuses (530: used or expired) is replaced by a fresh one once. The stream starts at the
// console's ServerInit.
boost::asio::awaitable<std::unique_ptr<transport::ByteStream>> connect_mks_console(
    ConsoleTarget target, transport::ConnectOptions console, std::string password);

// A session over the 902 path that reconnects with a fresh `mks` ticket after a drop.
boost::asio::awaitable<std::shared_ptr<session::Session>> open_mks_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password);

}  // namespace mks::vsphere
