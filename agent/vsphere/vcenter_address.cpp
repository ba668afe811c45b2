#include "agent/vsphere/vcenter_address.h"

#include <charconv>
#include <stdexcept>

namespace mks::vsphere {
namespace {

constexpr std::string_view kVcenterScheme = "vcenter://";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
    const int low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
    if (i + 2 >= text.size() || high < 0 || low < 0) {
      throw std::invalid_argument("bad %-escape in the " + std::string(what) +
                                  " of a vcenter:// URL");
    }
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// "host", "host:port", "[v6]" or "[v6]:port".
void split_host_port(std::string_view authority, std::string& host, std::uint16_t& port) {
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) throw std::invalid_argument("unclosed '[' in host");
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) throw std::invalid_argument("junk after ']'");
    if (!rest.empty()) port_text = rest.substr(1);
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (host.empty()) throw std::invalid_argument("no vCenter host name");
  if (port_text.empty()) return;
  unsigned value = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
      value > 65535) {
    throw std::invalid_argument("bad vCenter port '" + std::string(port_text) + "'");
  }
  port = static_cast<std::uint16_t>(value);
}

bool is_moref(std::string_view text) {
  if (!text.starts_with("vm-") || text.size() == 3) return false;
  return text.substr(3).find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

VcenterEndpoint VcenterEndpoint::parse(std::string_view text) {
  VcenterEndpoint endpoint;
  if (text.starts_with("https://")) {
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
    endpoint.tls = false;
    endpoint.port = 80;
  } else if (text.find("://") != std::string_view::npos) {
    throw std::invalid_argument("vCenter address must be https://HOST[:PORT], got '" +
                                std::string(text) + "'");
  }
  text = text.substr(0, text.find_first_of("/?#"));
  split_host_port(text, endpoint.host, endpoint.port);
  return endpoint;
}

std::string VcenterEndpoint::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

VmSelector VmSelector::parse(std::string_view text) {
  if (text.empty()) throw std::invalid_argument("no VM given (a name, DC/vm/path or vm-ID)");
  VmSelector selector;
  selector.value = std::string(text);
  if (text.find('/') != std::string_view::npos) {
    selector.kind = Kind::kInventoryPath;
  } else if (is_moref(text)) {
    selector.kind = Kind::kMoref;
  }
  return selector;
}

std::string VmSelector::describe() const {
  switch (kind) {
    case Kind::kInventoryPath:
      return "VM at inventory path '" + value + "'";
    case Kind::kMoref:
      return "VM " + value;
    case Kind::kName:
      break;
  }
  return "VM named '" + value + "'";
}

namespace {

// ?thumbprint=HEX&via=api, in any order.
void read_options(std::string_view query, VcenterTarget& target) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view option = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (option.starts_with("thumbprint=")) {
      target.thumbprint = transport::Thumbprint::parse(option.substr(11));
    } else if (option.starts_with("via=")) {
      target.via = parse_console_via(option.substr(4));
    } else {
      throw std::invalid_argument("vcenter:// URL: unknown option \"" + std::string(option) +
                                  "\" (the options are thumbprint=HEX and via=webmks|api|auto)");
    }
  }
}

}  // namespace

bool VcenterTarget::is_vcenter_url(std::string_view text) {
  return text.starts_with(kVcenterScheme);
}

VcenterTarget VcenterTarget::parse(std::string_view text) {
  if (!is_vcenter_url(text)) throw std::invalid_argument("not a vcenter:// URL");
  text.remove_prefix(kVcenterScheme.size());
  const auto query_at = text.find('?');
  const std::string_view query =
      query_at == std::string_view::npos ? std::string_view{} : text.substr(query_at + 1);
  text = text.substr(0, query_at);
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    throw std::invalid_argument("vcenter:// URL without a VM: vcenter://USER@VC/VM");
  }
  const std::string_view authority = text.substr(0, slash);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos || at == 0) {
    throw std::invalid_argument("vcenter:// URL without a user: vcenter://USER@VC/VM");
  }
  VcenterTarget target;
  target.user = percent_decode(authority.substr(0, at), "user");
  split_host_port(authority.substr(at + 1), target.endpoint.host, target.endpoint.port);
  target.vm = VmSelector::parse(percent_decode(text.substr(slash + 1), "VM"));
  read_options(query, target);
  return target;
}

ConsoleVia parse_console_via(std::string_view text) {
  if (text == "webmks") return ConsoleVia::kWebmks;
  if (text == "api") return ConsoleVia::kApi;
  if (text == "auto") return ConsoleVia::kAuto;
  if (text == "mks") return ConsoleVia::kMks;
  throw std::invalid_argument("unknown console path \"" + std::string(text) +
                              "\": use webmks, api, mks or auto");
}

std::string_view to_string(ConsoleVia via) {
  switch (via) {
    case ConsoleVia::kApi:
      return "api";
    case ConsoleVia::kAuto:
      return "auto";
    case ConsoleVia::kMks:
      return "mks";
    case ConsoleVia::kWebmks:
      break;
  }
  return "webmks";
}

std::string VcenterTarget::to_string() const {
  const bool v6 = endpoint.host.find(':') != std::string::npos;
  return "vcenter://" + user + "@" + (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" +
         std::to_string(endpoint.port) + "/" + vm.value;
}

}  // namespace mks::vsphere
