#pragma once

#include <string>
#include <string_view>

namespace mks::sim {

std::string to_utf8(std::u32string_view text);
// Malformed sequences become U+FFFD, one per offending byte.
std::u32string from_utf8(std::string_view text);

}  // namespace mks::sim
