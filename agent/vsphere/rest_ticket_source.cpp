#include "agent/vsphere/rest_ticket_source.h"

#include <openssl/evp.h>

#include <cctype>
#include <exception>
#include <nlohmann/json.hpp>

#include "agent/vsphere/url_encoding.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr const char* kSessionHeader = "vmware-api-session-id";

std::string base64(const std::string& text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// vAPI errors: {"error_type":"NOT_FOUND","messages":[{"default_message":"..."}]}.
struct RestError {
  std::string type;
  std::string message;
};

std::optional<RestError> rest_error_of(const HttpReply& reply) {
  const json body = json::parse(reply.body, nullptr, false);
  if (!body.is_object() || !body.contains("error_type")) return std::nullopt;
  RestError error{body.value("error_type", ""), ""};
  if (body.contains("messages") && body["messages"].is_array() && !body["messages"].empty()) {
    error.message = body["messages"][0].value("default_message", "");
  }
  return error;
}

[[noreturn]] void throw_rest_error(const HttpReply& reply, const std::string& what,
                                   const std::string& host) {
  const auto error = rest_error_of(reply);
  std::string detail = "HTTP " + std::to_string(reply.status);
  if (error) detail += " " + error->type + (error->message.empty() ? "" : ": " + error->message);
  throw VcenterError("vCenter " + host + ": " + what + " failed (" + detail + ")");
}

asio::awaitable<void> create_session(HttpClient& http, const VcenterLogin& login,
                                     const std::string& host) {
  // Named: GCC 12 rejects a braced list inside a co_await expression.
  const std::map<std::string, std::string> headers = {
      {"Authorization", "Basic " + base64(login.user + ":" + login.password)}};
  const HttpReply reply = co_await http.send("POST", "/api/session", "", headers);
  if (reply.status == 404) {
    throw RestEndpointMissing("vCenter " + host + " has no REST API at /api (HTTP 404)");
  }
  if (reply.status == 401 || reply.status == 403) {
    throw AuthError("vCenter " + host + " refused the login of '" + login.user + "' (HTTP " +
                    std::to_string(reply.status) + "): check the user name and password");
  }
  if (reply.status != 200 && reply.status != 201)
    throw_rest_error(reply, "POST /api/session", host);
  const json token = json::parse(reply.body, nullptr, false);
  if (!token.is_string()) {
    throw VcenterError("vCenter " + host + ": POST /api/session returned no session id");
  }
  http.set_header(kSessionHeader, token.get<std::string>());
}

asio::awaitable<std::string> find_vm(HttpClient& http, const VmSelector& vm,
                                     const std::string& host) {
  if (vm.kind == VmSelector::Kind::kMoref) co_return vm.value;
  const HttpReply reply =
      co_await http.send("GET", "/api/vcenter/vm?names=" + percent_encode(vm.value), "");
  if (reply.status != 200) throw_rest_error(reply, "GET /api/vcenter/vm", host);
  const json list = json::parse(reply.body, nullptr, false);
  if (!list.is_array()) throw VcenterError("vCenter " + host + ": GET /api/vcenter/vm: no list");
  for (const auto& item : list) {
    if (item.is_object() && item.value("name", "") == vm.value) co_return item.value("vm", "");
  }
  throw VcenterError("vCenter " + host + " has no " + vm.describe());
}

asio::awaitable<ConsoleTicket> create_ticket(HttpClient& http, const std::string& vm_id,
                                             const VmSelector& vm, const std::string& host) {
  const std::map<std::string, std::string> json_content = {{"Content-Type", "application/json"}};
  const HttpReply reply =
      co_await http.send("POST", "/api/vcenter/vm/" + percent_encode(vm_id) + "/console/tickets",
                         R"({"type":"WEBMKS"})", json_content);
  const auto error = rest_error_of(reply);
  if (reply.status == 404 && !error) {
    throw RestEndpointMissing("vCenter " + host + " has no console ticket REST endpoint");
  }
  if (error && error->type == "NOT_FOUND") {
    throw VcenterError("vCenter " + host + " has no " + vm.describe());
  }
  if (error && error->type == "NOT_ALLOWED_IN_CURRENT_STATE") {
    throw VcenterError("vCenter " + host + ": the " + vm.describe() +
                       " is not powered on, so it has no console");
  }
  if (reply.status != 200 && reply.status != 201) {
    throw_rest_error(reply, "POST /api/vcenter/vm/" + vm_id + "/console/tickets", host);
  }
  const json body = json::parse(reply.body, nullptr, false);
  if (!body.is_object() || !body.contains("ticket") || !body["ticket"].is_string()) {
    throw VcenterError("vCenter " + host + ": the console ticket reply has no ticket");
  }
  ConsoleTicket ticket;
  ticket.url = body["ticket"].get<std::string>();
  ticket.api = "rest";
  ticket.vm = vm_id;
  co_return ticket;
}

}  // namespace

asio::awaitable<ConsoleTicket> acquire_ticket_rest(HttpClient& http, const VcenterLogin& login,
                                                   const VmSelector& vm) {
  const std::string host = http.endpoint().to_string();
  if (vm.kind == VmSelector::Kind::kInventoryPath) {
    throw RestEndpointMissing("the REST API does not find VMs by inventory path");
  }
  co_await create_session(http, login, host);
  std::exception_ptr failure;
  ConsoleTicket ticket;
  try {
    const std::string vm_id = co_await find_vm(http, vm, host);
    ticket = co_await create_ticket(http, vm_id, vm, host);
  } catch (...) {
    failure = std::current_exception();
  }
  try {
    co_await http.send("DELETE", "/api/session", "");
  } catch (const std::exception&) {
    // The ticket is ours either way; the session times out on its own.
  }
  http.clear_header(kSessionHeader);
  if (failure) std::rethrow_exception(failure);
  co_return ticket;
}

}  // namespace mks::vsphere
