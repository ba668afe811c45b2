#include "tools/webmks_sim/fleet/fleet_api.h"

#include "tools/webmks_sim/net/http_query.h"
#include "tools/webmks_sim/sim_api.h"

namespace mks::sim {
namespace {

HttpReply json_reply(unsigned status, const nlohmann::json& body) {
  return HttpReply{status, "application/json", body.dump()};
}

}  // namespace

std::optional<HttpReply> answer_fleet_api(const Fleet& fleet, const std::string& method,
                                          const std::string& target) {
  if (method != "GET") return std::nullopt;
  const std::string path(path_of_target(target));
  if (path != "/api/fleet/state" && path != "/api/screen.png" && path != "/api/text") {
    return std::nullopt;
  }
  const auto key = query_value(target, "key");
  if (!key || !is_valid_key(*key)) {
    return json_reply(400, {{"error", "give the console as ?key=KEY ([A-Za-z0-9_-])"}});
  }
  if (path == "/api/fleet/state") {
    return json_reply(200, {{"key", *key}, {"state", fleet.state_of(*key)}});
  }
  const auto console = fleet.find(*key);
  if (!console) return json_reply(404, {{"error", "no console '" + *key + "' is open"}});
  return answer_api(*console, console->console(), method, path);
}

}  // namespace mks::sim
