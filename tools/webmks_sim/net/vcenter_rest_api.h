#pragma once

#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace mks::sim {

struct ServerCore;
struct HttpReply;

// The parts of an HTTP request the plain HTTP side looks at.
struct HttpCall {
  std::string method;
  std::string target;
  std::string authorization;  // Authorization header
  std::string session_id;     // vmware-api-session-id header
  std::string body;
};

// A small vCenter REST API in front of this simulator's console, following the vSphere
// Automation API's documented shapes: POST /api/session (Basic auth) -> 201 "SESSION-ID";
// DELETE /api/session; GET /api/vcenter/vm[?names=N] -> [{"vm","name","power_state",...}];
// POST /api/vcenter/vm/{vm}/console/tickets {"type":"WEBMKS"} -> 201 {"ticket":"wss://..."}
// with a ticket of this server. Errors as vAPI does: {"error_type":"UNAUTHENTICATED" |
// "NOT_FOUND" | "INVALID_ARGUMENT","messages":[{"default_message":...}]}.
struct VcenterRestOptions {
  std::string login;  // "USER:PASSWORD"; empty: no REST API (404 as on older vCenters)
  std::string vm_name = "webmks-sim";
  std::string vm_id = "vm-1";
};

class VcenterRestSessions {
 public:
  std::string open();  // a new session id
  bool valid(const std::string& id) const;
  void close(const std::string& id);

 private:
  mutable std::mutex mutex_;
  std::set<std::string> ids_;
};

// The reply for a /api/session or /api/vcenter/ call, nullopt for any other path (or when the
// REST API is off).
std::optional<HttpReply> answer_vcenter_rest(ServerCore& core, const HttpCall& call);

}  // namespace mks::sim
