#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace mks::transport {

// A console target: wss://HOST[:PORT]/ticket/TOKEN, ws://..., vnc://HOST[:PORT].
struct Url {
  std::string scheme;      // "wss", "ws" or "vnc", lower case
  std::string host;        // without brackets for IPv6
  std::uint16_t port = 0;  // defaulted: wss 443, ws 80, vnc 5900
  std::string target;      // path and query, "/" when absent

  // Throws std::invalid_argument with a message naming what is wrong (the message redacts
  // the ticket).
  static Url parse(std::string_view text);

  bool tls() const { return scheme == "wss"; }
  bool websocket() const { return scheme == "wss" || scheme == "ws"; }
  // The URL with the ticket token cut to its first 4 characters and "…": safe to log.
  std::string redacted() const;
};

// Redacts "/ticket/TOKEN" path tokens inside any text (log lines, error messages).
std::string redact_tickets(std::string_view text);

}  // namespace mks::transport
