#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "agent/session/session.h"
#include "agent/vsphere/console_target.h"

namespace mks::vsphere {

// Lets a session on `target` survive a dropped connection: a vCenter target reconnects with a
// fresh ticket each time; a ticket URL cannot, and its error says so.
void allow_reconnect(session::SessionOptions& options, const ConsoleTarget& target,
                     const std::string& password);

// A session on `target`: a URL as it is, a vCenter target through a fresh ticket (with
// allow_reconnect). The dialect follows the console URL when options leave it on kAuto.
boost::asio::awaitable<std::shared_ptr<session::Session>> open_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password);

}  // namespace mks::vsphere
