#pragma once

// The text side of ESXi's authentication daemon (TCP 902): its banner and reply lines,
// "NNN text" ending in CRLF (docs/authd.md).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mks::transport {

struct AuthdReply {
  int code = 0;
  std::string text;  // after the code and one space, without the line end
};

// "NNN text" (or "NNN" alone). Throws ProtocolError for anything else, quoting the line
// with every one of `secrets` (the ticket, the nonce) masked.
AuthdReply parse_authd_reply(std::string_view line, std::span<const std::string> secrets = {});

// The banner says the daemon wants TLS right after it ("SSL Required"); throws
// ProtocolError when the line is not an authd banner (a wrong port, e.g. 443 or 22).
bool authd_banner_requires_tls(std::string_view banner);

// A CONNECT answered "630 Ticket TICKET,HOST,PORT": dial HOST:PORT and start over with
// TICKET. The format rests on two weak sources, so any token with two commas is taken.
struct AuthdRedirect {
  std::string ticket;
  std::string host;
  std::uint16_t port = 902;
};
std::optional<AuthdRedirect> parse_authd_redirect(const AuthdReply& reply);

// The THUMBPRINT nonce: 12 random bytes in base64, 16 characters.
std::string make_authd_nonce();

}  // namespace mks::transport
