#pragma once

#include <string>
#include <string_view>

// UTF-8 for key text: runbooks and the command line hand over UTF-8, layouts work on code
// points.
namespace mks::input::utf8 {

// Throws std::invalid_argument naming the byte offset of the first invalid sequence.
std::u32string decode(std::string_view text);
std::string encode(std::u32string_view text);

}  // namespace mks::input::utf8
