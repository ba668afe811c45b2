#include "agent/transport/url.h"
#include "tools/webmks_sim/net/http_query.h"
#include "tools/webmks_sim/net/server_core.h"

namespace mks::sim {
namespace {

HttpReply json_reply(unsigned status, const nlohmann::json& body) {
  return HttpReply{status, "application/json", body.dump()};
}

HttpReply not_found(const std::string& target) {
  return json_reply(404, {{"error", "not found: " + transport::redact_tickets(target)}});
}

}  // namespace

std::string ServerCore::host_for_urls() const {
  const std::string& host = options.bind_address;
  if (host == "0.0.0.0" || host == "::" || host.empty()) return "127.0.0.1";
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string ServerCore::ticket_url(const std::string& token) const {
  return std::string(tls ? "wss" : "ws") + "://" + host_for_urls() + ":" + std::to_string(port) +
         "/ticket/" + token;
}

std::string ServerCore::console_url(const std::string& key) const {
  return std::string(tls ? "wss" : "ws") + "://" + host_for_urls() + ":" + std::to_string(port) +
         "/console/" + key;
}

std::string ServerCore::api_url() const {
  return std::string(tls ? "https" : "http") + "://" + host_for_urls() + ":" +
         std::to_string(port) + "/api";
}

HttpReply answer_http(ServerCore& core, const HttpCall& call) {
  const std::string& method = call.method;
  const std::string& target = call.target;
  const std::string_view path = path_of_target(target);
  if (method == "POST" && (path == "/api/tickets" || path == "/api/tickets/")) {
    // ?key=KEY: a ticket for that fleet console (the key must not hold the '.' separator).
    const std::string key = query_value(target, "key").value_or("");
    if (key.find_first_of("./") != std::string::npos) {
      return json_reply(400, {{"error", "a ticket key must not contain '.' or '/'"}});
    }
    const std::string token = core.tickets.issue(key);
    return json_reply(200, {{"ticket", token}, {"url", core.ticket_url(token)}});
  }
  if (auto reply = answer_vcenter_rest(core, call)) return *reply;
  if (!target.starts_with("/api/") || !core.on_api) return not_found(target);
  if (auto reply = core.on_api(call)) return *reply;
  return not_found(target);
}

}  // namespace mks::sim
