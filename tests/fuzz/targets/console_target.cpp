// Targets as users and vCenter give them: console URLs (wss://, ws://, vnc://), vcenter://
// targets, vCenter endpoints and VM selectors, and ticket redaction of any text.
#include "agent/vsphere/console_target.h"

#include <stdexcept>
#include <string>

#include "agent/transport/url.h"
#include "agent/vsphere/vcenter_address.h"
#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(console_target) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  mks::transport::redact_tickets(text);
  try {
    mks::transport::Url::parse(text).redacted();
  } catch (const std::invalid_argument& e) {
    mks::fuzz::expected_error(e);
  }
  try {
    mks::vsphere::ConsoleTarget::parse(text).redacted();
  } catch (const std::invalid_argument& e) {
    mks::fuzz::expected_error(e);
  }
  try {
    mks::vsphere::VcenterEndpoint::parse(text).to_string();
  } catch (const std::invalid_argument& e) {
    mks::fuzz::expected_error(e);
  }
  try {
    mks::vsphere::VmSelector::parse(text).describe();
  } catch (const std::invalid_argument& e) {
    mks::fuzz::expected_error(e);
  }
  return 0;
}
