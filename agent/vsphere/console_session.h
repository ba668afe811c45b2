#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "agent/session/session.h"
#include "agent/vsphere/api_console_backend.h"
#include "agent/vsphere/console_target.h"

namespace mks::vsphere {

// Which way to the console, beyond what the target says.
struct ConsoleRoute {
  // Overrides the target's ?via=; neither: WebMKS.
  std::optional<ConsoleVia> via;
  ApiConsoleOptions api;
  // Told which path was taken and why (auto), one line each.
  std::function<void(const std::string&)> progress;
};

// The path a vCenter target's console takes: the route's, else the target's ?via=, else
// WebMKS. std::invalid_argument for --via api/auto with a URL that is not vcenter://.
ConsoleVia console_via(const ConsoleTarget& target, const ConsoleRoute& route);

// Lets a session on `target` survive a dropped connection: a vCenter target reconnects with a
// fresh ticket each time; a ticket URL cannot, and its error says so.
void allow_reconnect(session::SessionOptions& options, const ConsoleTarget& target,
                     const std::string& password);

// A session on `target`: a URL as it is; a vCenter target through a fresh ticket (with
// allow_reconnect), through vCenter's API, or (auto) the first when the ESXi host answers,
// else the second. The dialect follows the console URL when options leave it on kAuto.
boost::asio::awaitable<std::shared_ptr<session::Session>> open_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password,
    ConsoleRoute route = {});

// The vSphere API path alone (keys by PutUsbScanCodes, the screen polled).
boost::asio::awaitable<std::shared_ptr<session::Session>> open_api_console(
    const ConsoleTarget& target, session::SessionOptions options, const std::string& password,
    const ApiConsoleOptions& api);

}  // namespace mks::vsphere
