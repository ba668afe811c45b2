#pragma once

#include <optional>
#include <string>

#include "tools/webmks_sim/fleet/fleet.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::sim {

// The HTTP API of a fleet simulator:
//   GET /api/fleet/state?key=KEY  {"key":KEY,"state":STATE}, the state KEY's console was
//                                 (or will be) built in
//   GET /api/screen.png?key=KEY   that console's screen, /api/text?key=KEY its text (404
//                                 when the console does not exist now)
std::optional<HttpReply> answer_fleet_api(const Fleet& fleet, const std::string& method,
                                          const std::string& target);

}  // namespace mks::sim
