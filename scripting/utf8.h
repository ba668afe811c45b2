#pragma once

#include <string>
#include <string_view>

namespace mks::scripting {

// UTF-8 command-line text to code points; throws std::invalid_argument for malformed input.
std::u32string utf8_to_u32(std::string_view text);

}  // namespace mks::scripting
