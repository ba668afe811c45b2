#include "agent/transport/authd_reply.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "agent/errors.h"

namespace mks::transport {
namespace {

constexpr std::size_t kQuoted = 80;

std::string quoted(std::string_view line, std::span<const std::string> secrets = {}) {
  std::string out(line);
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 3)) {
      out.replace(at, secret.size(), "…");
    }
  }
  const bool cut = out.size() > kQuoted;
  out.resize(std::min(out.size(), kQuoted));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < ' ') c = '?';
  }
  return "\"" + out + (cut ? "…" : "") + "\"";
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

AuthdReply parse_authd_reply(std::string_view line, std::span<const std::string> secrets) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]) ||
      (line.size() > 3 && line[3] != ' ')) {
    throw ProtocolError("the authentication daemon sent a line that is not a reply: " +
                        quoted(line, secrets));
  }
  AuthdReply reply;
  reply.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  if (line.size() > 4) reply.text = std::string(line.substr(4));
  return reply;
}

bool authd_banner_requires_tls(std::string_view banner) {
  const AuthdReply reply = [&] {
    try {
      return parse_authd_reply(banner);
    } catch (const ProtocolError&) {
      return AuthdReply{};
    }
  }();
  if (reply.code != 220 || reply.text.find("VMware Authentication Daemon") == std::string::npos) {
    throw ProtocolError("the server is not an ESXi authentication daemon (it said " +
                        quoted(banner) + "): is this the host's MKS port, usually 902?");
  }
  return reply.text.find("SSL Required") != std::string::npos;
}

std::optional<AuthdRedirect> parse_authd_redirect(const AuthdReply& reply) {
  if (reply.code != 630) return std::nullopt;
  std::string_view rest = reply.text;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    const std::string_view token = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    const auto first = token.find(',');
    const auto second = first == std::string_view::npos ? first : token.find(',', first + 1);
    if (second == std::string_view::npos || token.find(',', second + 1) != std::string_view::npos)
      continue;
    AuthdRedirect redirect;
    redirect.ticket = std::string(token.substr(0, first));
    redirect.host = std::string(token.substr(first + 1, second - first - 1));
    const std::string_view port = token.substr(second + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (redirect.ticket.empty() || redirect.host.empty() || ec != std::errc() ||
        end != port.data() + port.size() || value == 0 || value > 65535) {
      break;
    }
    redirect.port = static_cast<std::uint16_t>(value);
    return redirect;
  }
  throw ProtocolError(
      "the authentication daemon redirected the console (630) without a "
      "usable TICKET,HOST,PORT");
}

std::string make_authd_nonce() {
  std::array<unsigned char, 12> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw AgentError("no random bytes for the console's nonce (OpenSSL RAND_bytes failed)");
  }
  std::array<unsigned char, 17> text{};  // 16 characters and the NUL EVP adds
  EVP_EncodeBlock(text.data(), bytes.data(), static_cast<int>(bytes.size()));
  return std::string(reinterpret_cast<const char*>(text.data()), 16);
}

}  // namespace mks::transport
