#pragma once

#include <stdexcept>
#include <string>

namespace mks::codecs {

// A payload that cannot be decoded: malformed, truncated, oversized or not matching its
// rectangle. The message names the encoding and what was wrong.
class DecodeError : public std::runtime_error {
 public:
  explicit DecodeError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace mks::codecs
