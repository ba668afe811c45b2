#pragma once

#include "agent/errors.h"

namespace mks::vsphere {

// vCenter answered, but not with a ticket: no such VM, VM powered off, a SOAP fault or REST
// error, a reply we cannot read. Wrong credentials are AuthError; network and TLS problems
// are TransportError / TlsError / TimeoutError, as for consoles.
class VcenterError : public AgentError {
  using AgentError::AgentError;
};

}  // namespace mks::vsphere
