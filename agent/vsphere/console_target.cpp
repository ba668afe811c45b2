#include "agent/vsphere/console_target.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace mks::vsphere {

ConsoleTarget ConsoleTarget::parse(std::string_view text) {
  ConsoleTarget target;
  if (VcenterTarget::is_vcenter_url(text)) {
    target.vcenter = VcenterTarget::parse(text);
  } else {
    target.url = transport::Url::parse(text);
  }
  return target;
}

std::string ConsoleTarget::redacted() const {
  return vcenter ? vcenter->to_string() : url->redacted();
}

std::string vcenter_password(const std::string& password_file) {
  if (const char* value = std::getenv("MKS_VCENTER_PASSWORD"); value && *value) return value;
  std::string file = password_file;
  if (const char* env_file = std::getenv("MKS_VCENTER_PASSWORD_FILE"); file.empty() && env_file) {
    file = env_file;
  }
  if (file.empty()) {
    throw std::invalid_argument(
        "no vCenter password: set MKS_VCENTER_PASSWORD or MKS_VCENTER_PASSWORD_FILE "
        "(or --password-file)");
  }
  std::ifstream in(file);
  std::string password;
  if (!in || !std::getline(in, password)) {
    throw std::invalid_argument("cannot read the vCenter password from " + file);
  }
  if (password.ends_with('\r')) password.pop_back();
  return password;
}

VcenterLogin vcenter_login(const VcenterTarget& vc, const transport::ConnectOptions& console,
                           const std::string& password) {
  VcenterLogin login;
  login.endpoint = vc.endpoint;
  login.user = vc.user;
  login.password = password;
  login.timeout = console.timeout;
  login.tls.insecure = console.tls.insecure;
  login.tls.thumbprint = vc.thumbprint;
  return login;
}

boost::asio::awaitable<ConsoleAddress> resolve_console(const ConsoleTarget& target,
                                                       transport::ConnectOptions console,
                                                       const std::string& password, TicketApi api) {
  ConsoleAddress address{target.url.value_or(transport::Url{}), console, ""};
  if (!target.vcenter) co_return address;
  const VcenterTarget& vc = *target.vcenter;
  const VcenterLogin login = vcenter_login(vc, console, password);
  const ConsoleTicket ticket = co_await acquire_console_ticket(login, vc.vm, api);
  if (ticket.thumbprint) console.tls.thumbprint = ticket.thumbprint;
  address.url = transport::Url::parse(ticket.url);
  address.connect = console;
  address.api = ticket.api;
  co_return address;
}

namespace {

// Parameters by value: the reconnector's call outlives nothing of its caller.
boost::asio::awaitable<std::unique_ptr<transport::ByteStream>> connect_with_fresh_ticket(
    ConsoleTarget target, transport::ConnectOptions console, std::string password) {
  const ConsoleAddress address = co_await resolve_console(target, console, password);
  co_return co_await transport::connect(address.url, address.connect);
}

}  // namespace

ConsoleReconnector console_reconnector(ConsoleTarget target, transport::ConnectOptions console,
                                       std::string password) {
  if (!target.vcenter) return {};
  return [target = std::move(target), console, password = std::move(password)] {
    return connect_with_fresh_ticket(target, console, password);
  };
}

std::string why_no_reconnect(const ConsoleTarget& target) {
  if (target.vcenter || !target.url || !target.url->target.starts_with("/ticket/")) return "";
  return "a ticket URL is single use, so the session cannot reconnect; a "
         "vcenter://USER@VC/VM target gets a fresh ticket and does";
}

}  // namespace mks::vsphere
