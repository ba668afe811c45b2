#include "agent/transport/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace mks::transport {
namespace {

constexpr std::string_view kTicketPrefix = "/ticket/";
constexpr std::size_t kShownTicketChars = 4;

[[noreturn]] void fail(std::string_view text, const std::string& problem) {
  throw std::invalid_argument("invalid console URL '" + redact_tickets(text) + "': " + problem);
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::uint16_t default_port(const std::string& scheme) {
  if (scheme == "wss") return 443;
  if (scheme == "ws") return 80;
  return 5900;
}

std::uint16_t parse_port(std::string_view whole, std::string_view digits) {
  unsigned value = 0;
  const auto* end = digits.data() + digits.size();
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value);
  if (digits.empty() || ec != std::errc{} || ptr != end || value == 0 || value > 65535) {
    fail(whole, "port '" + std::string(digits) + "' is not a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(value);
}

// Splits "host", "host:port", "[v6]" or "[v6]:port" into the url.
void parse_authority(std::string_view whole, std::string_view authority, Url& url) {
  if (authority.find('@') != std::string_view::npos) {
    fail(whole, "user names are not supported here (the ticket in the path is the credential)");
  }
  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) fail(whole, "unterminated '[' in the IPv6 host");
    url.host = std::string(authority.substr(1, close - 1));
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) fail(whole, "unexpected text after ']'");
    has_port = !rest.empty();
    if (has_port) port_text = rest.substr(1);
  } else {
    const auto colon = authority.find(':');
    if (colon != authority.rfind(':')) {
      fail(whole, "an IPv6 host must be written in brackets, like [::1]");
    }
    url.host = std::string(authority.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) fail(whole, "the host is missing");
  url.port = has_port ? parse_port(whole, port_text) : default_port(url.scheme);
}

}  // namespace

Url Url::parse(std::string_view text) {
  const std::string_view whole = trim(text);
  const auto sep = whole.find("://");
  if (sep == std::string_view::npos) {
    fail(whole, "expected wss://HOST[:PORT]/ticket/TICKET, ws://... or vnc://HOST[:PORT]");
  }
  Url url;
  url.scheme = lower(whole.substr(0, sep));
  if (url.scheme != "wss" && url.scheme != "ws" && url.scheme != "vnc") {
    fail(whole, "unsupported scheme '" + url.scheme + "' (use wss://, ws:// or vnc://)");
  }
  const auto rest = whole.substr(sep + 3);
  const auto path_start = std::min(rest.find('/'), rest.find('?'));
  parse_authority(whole, rest.substr(0, path_start), url);
  url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.target.starts_with('?')) url.target.insert(0, "/");
  if (url.target.find_first_of(" \t\r\n") != std::string::npos) {
    fail(whole, "the path contains white space");
  }
  return url;
}

std::string Url::redacted() const {
  const bool v6 = host.find(':') != std::string::npos;
  const std::string shown_host = v6 ? "[" + host + "]" : host;
  return scheme + "://" + shown_host + ":" + std::to_string(port) + redact_tickets(target);
}

std::string redact_tickets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (true) {
    const auto hit = text.find(kTicketPrefix, pos);
    if (hit == std::string_view::npos) break;
    const auto token_start = hit + kTicketPrefix.size();
    const auto token_end = std::min(text.find_first_of("/?#\"' \t\r\n", token_start), text.size());
    const auto token = text.substr(token_start, token_end - token_start);
    out.append(text.substr(pos, token_start - pos));
    if (!token.empty()) {
      if (token.size() > kShownTicketChars) out.append(token.substr(0, kShownTicketChars));
      out.append("…");
    }
    pos = token_end;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace mks::transport
