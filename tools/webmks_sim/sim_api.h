#pragma once

#include <optional>
#include <string>

#include "tools/webmks_sim/net/sim_server.h"
#include "tools/webmks_sim/sim_machine.h"

namespace mks::sim {

// The simulator's own HTTP API, for tests that compare what a client saw with the truth:
//   GET /api/screen.png  the framebuffer as PNG
//   GET /api/text        {"cols","rows","cursor":{"col","row"},"lines":[...]} (UTF-8)
std::optional<HttpReply> answer_api(const SimMachine& machine, const std::string& method,
                                    const std::string& target);

}  // namespace mks::sim
