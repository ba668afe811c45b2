#include "tools/webmks_sim/fleet/fleet_api.h"

#include <utility>

#include "tools/webmks_sim/net/http_query.h"
#include "tools/webmks_sim/sim_api.h"
#include "tools/webmks_sim/usb_keys_api.h"

namespace mks::sim {
namespace {

HttpReply json_reply(unsigned status, const nlohmann::json& body) {
  return HttpReply{status, "application/json", body.dump()};
}

}  // namespace

std::optional<HttpReply> answer_fleet_api(Fleet& fleet, const std::string& method,
                                          const std::string& target, const std::string& body) {
  const std::string path(path_of_target(target));
  const bool typing = method == "POST" && path == "/api/usb-keys";
  const bool get = method == "GET" &&
                   (path == "/api/fleet/state" || path == "/api/screen.png" || path == "/api/text");
  if (!typing && !get) return std::nullopt;
  const auto key = query_value(target, "key");
  if (!key || !is_valid_key(*key)) {
    return json_reply(400, {{"error", "give the console as ?key=KEY ([A-Za-z0-9_-])"}});
  }
  if (path == "/api/fleet/state") {
    return json_reply(200, {{"key", *key}, {"state", fleet.state_of(*key)}});
  }
  if (typing) {
    const auto console = fleet.obtain(*key);
    auto reply = answer_usb_keys(*console, body);
    fleet.follow_clock(console);
    return reply;
  }
  if (path == "/api/screen.png") {
    const auto console = fleet.obtain(*key);
    return answer_api(std::as_const(*console), console->console(), method, path);
  }
  const auto console = fleet.find(*key);
  if (!console) return json_reply(404, {{"error", "no console '" + *key + "' is open"}});
  return answer_api(*console, console->console(), method, path);
}

}  // namespace mks::sim
