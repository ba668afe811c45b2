#pragma once

#include <optional>
#include <string>

#include "tools/webmks_sim/fleet/fleet.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::sim {

// The HTTP API of a fleet simulator:
//   GET /api/fleet/state?key=KEY  {"key":KEY,"state":STATE}, the state KEY's console was
//                                 (or will be) built in
//   GET /api/text?key=KEY         that console's text (404 when it does not exist now)
//   GET /api/screen.png?key=KEY   its screen, and POST /api/usb-keys?key=KEY (body as
//                                 usb_keys_api.h) types on it: these two make the console
//                                 when it does not exist yet and keep it, so a vSphere API
//                                 client works without a console session ever opened
std::optional<HttpReply> answer_fleet_api(Fleet& fleet, const std::string& method,
                                          const std::string& target, const std::string& body = {});

}  // namespace mks::sim
