#pragma once

#include <optional>
#include <string>

#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::sim {

// The simulator's own HTTP API, for tests that compare what a client saw with the truth:
//   GET /api/screen.png  the framebuffer as PNG
//   GET /api/text        {"cols","rows","cursor":{"col","row"},"lines":[...]} (UTF-8), only
//                        with a `console` (a gateway's upstream has none to read)
std::optional<HttpReply> answer_api(const Machine& machine, const Console* console,
                                    const std::string& method, const std::string& target);
// The above, and POST /api/usb-keys (usb_keys_api.h), which types on `machine`.
std::optional<HttpReply> answer_api(Machine& machine, const Console* console, const HttpCall& call);

}  // namespace mks::sim
