// Targets as users and vCenter give them: console URLs (wss://, ws://, vnc://), vcenter://
// targets (with ?via=), vCenter endpoints and VM selectors, ticket redaction of any text, and
// the datastore paths CreateScreenshot_Task answers with and their /folder URLs.
#include "agent/vsphere/console_target.h"

#include <stdexcept>
#include <string>

#include "agent/transport/url.h"
#include "agent/vsphere/datastore_path.h"
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
  if (const auto file = mks::vsphere::DatastorePath::parse(text)) {
    mks::vsphere::folder_target(*file, file->datastore);
    file->bracketed();
  }
  return 0;
}
