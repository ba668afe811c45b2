#pragma once

#include <string>
#include <string_view>

namespace mks::vsphere {

// For URL paths and query values: RFC 3986 unreserved characters stay, every other byte is
// %XX; the characters in `keep` stay too ('/' in a path).
std::string percent_encode(std::string_view text, std::string_view keep = "");

}  // namespace mks::vsphere
