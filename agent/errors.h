#pragma once

#include <stdexcept>
#include <string>

// Errors at the protocol edge. Each message is one line a user can act on; the CLI prints
// `mksagent: <message>` and exits non-zero. Never put a full ticket in a message.
namespace mks {

class AgentError : public std::runtime_error {
 public:
  explicit AgentError(const std::string& what) : std::runtime_error(what) {}
};

// Socket-level failure: refused, reset, closed early, DNS.
class TransportError : public AgentError {
  using AgentError::AgentError;
};
// Certificate not trusted, or not matching the pinned thumbprint.
class TlsError : public AgentError {
  using AgentError::AgentError;
};
// The WebMKS ticket was refused (HTTP 503 or any failed upgrade): used, expired or wrong.
class TicketError : public AgentError {
  using AgentError::AgentError;
};
// The peer broke the RFB / WebMKS protocol.
class ProtocolError : public AgentError {
  using AgentError::AgentError;
};
// RFB security / authentication failed.
class AuthError : public AgentError {
  using AgentError::AgentError;
};
// A deadline passed.
class TimeoutError : public AgentError {
  using AgentError::AgentError;
};
// The console path cannot do this (the vSphere API path has no mouse).
class UnsupportedError : public AgentError {
  using AgentError::AgentError;
};

}  // namespace mks
