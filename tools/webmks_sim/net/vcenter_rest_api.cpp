#include "tools/webmks_sim/net/vcenter_rest_api.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "tools/webmks_sim/net/server_core.h"

namespace mks::sim {
namespace {

using nlohmann::json;

HttpReply vapi_error(unsigned status, const std::string& type, const std::string& message) {
  const json body = {{"error_type", type},
                     {"messages", json::array({{{"args", json::array()},
                                                {"default_message", message},
                                                {"id", "com.vmware.vapi.sim." + type}}})}};
  return HttpReply{status, "application/json", body.dump()};
}

std::string base64_decode(const std::string& text) {
  std::string out(3 * (text.size() / 4) + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return "";
  out.resize(static_cast<std::size_t>(n));
  // EVP_DecodeBlock counts the '=' padding as zero bytes.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) out.pop_back();
  return out;
}

std::string url_decode(const std::string& raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const bool escape = raw[i] == '%' && i + 2 < raw.size() && std::isxdigit(raw[i + 1]) &&
                        std::isxdigit(raw[i + 2]);
    if (escape) {
      out += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += raw[i] == '+' ? ' ' : raw[i];
    }
  }
  return out;
}

std::string query_value(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return "";
  const std::string query = target.substr(q + 1);
  const std::string needle = key + "=";
  for (std::size_t at = 0; at < query.size();) {
    const auto end = std::min(query.find('&', at), query.size());
    if (query.compare(at, needle.size(), needle) == 0) {
      return url_decode(query.substr(at + needle.size(), end - at - needle.size()));
    }
    at = end + 1;
  }
  return "";
}

std::string path_of(const std::string& target) {
  return target.substr(0, target.find('?'));
}

HttpReply create_session(ServerCore& core, const HttpCall& call) {
  const std::string prefix = "Basic ";
  if (!call.authorization.starts_with(prefix) ||
      base64_decode(call.authorization.substr(prefix.size())) != core.options.vcenter_rest.login) {
    return vapi_error(401, "UNAUTHENTICATED", "Authentication required.");
  }
  return HttpReply{201, "application/json", json(core.rest_sessions.open()).dump()};
}

json vm_summary(const VcenterRestOptions& rest) {
  return {{"vm", rest.vm_id},
          {"name", rest.vm_name},
          {"power_state", "POWERED_ON"},
          {"cpu_count", 1},
          {"memory_size_MiB", 256}};
}

HttpReply list_vms(ServerCore& core, const HttpCall& call) {
  const auto& rest = core.options.vcenter_rest;
  const std::string names = query_value(call.target, "names");
  json list = json::array();
  if (names.empty() || names == rest.vm_name) list.push_back(vm_summary(rest));
  return HttpReply{200, "application/json", list.dump()};
}

HttpReply create_ticket(ServerCore& core, const HttpCall& call, const std::string& vm) {
  if (vm != core.options.vcenter_rest.vm_id) {
    return vapi_error(404, "NOT_FOUND", "Virtual machine with identifier '" + vm + "' not found.");
  }
  const json spec = json::parse(call.body, nullptr, false);
  if (!spec.is_object() || spec.value("type", "") != "WEBMKS") {
    return vapi_error(400, "INVALID_ARGUMENT", "Only WEBMKS tickets are simulated.");
  }
  const std::string token = core.tickets.issue();
  return HttpReply{201, "application/json", json{{"ticket", core.ticket_url(token)}}.dump()};
}

}  // namespace

std::string VcenterRestSessions::open() {
  unsigned char random[16];
  RAND_bytes(random, sizeof random);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char byte : random) {
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
  const std::lock_guard lock(mutex_);
  ids_.insert(id);
  return id;
}

bool VcenterRestSessions::valid(const std::string& id) const {
  const std::lock_guard lock(mutex_);
  return ids_.contains(id);
}

void VcenterRestSessions::close(const std::string& id) {
  const std::lock_guard lock(mutex_);
  ids_.erase(id);
}

std::optional<HttpReply> answer_vcenter_rest(ServerCore& core, const HttpCall& call) {
  const std::string path = path_of(call.target);
  if (core.options.vcenter_rest.login.empty()) return std::nullopt;
  if (path != "/api/session" && !path.starts_with("/api/vcenter/")) return std::nullopt;
  if (path == "/api/session" && call.method == "POST") return create_session(core, call);
  if (!core.rest_sessions.valid(call.session_id)) {
    return vapi_error(401, "UNAUTHENTICATED", "Authentication required.");
  }
  if (path == "/api/session" && call.method == "DELETE") {
    core.rest_sessions.close(call.session_id);
    return HttpReply{204, "application/json", ""};
  }
  if (path == "/api/vcenter/vm" && call.method == "GET") return list_vms(core, call);
  constexpr std::string_view kVmPrefix = "/api/vcenter/vm/";
  constexpr std::string_view kTicketsSuffix = "/console/tickets";
  if (call.method == "POST" && path.starts_with(kVmPrefix) && path.ends_with(kTicketsSuffix)) {
    const std::string vm =
        path.substr(kVmPrefix.size(), path.size() - kVmPrefix.size() - kTicketsSuffix.size());
    return create_ticket(core, call, vm);
  }
  return vapi_error(404, "NOT_FOUND", "No such operation: " + call.method + " " + path);
}

}  // namespace mks::sim
