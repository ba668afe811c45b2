// Packer-style key strings from runbooks and --keys ("<enter><wait5>", "<leftCtrlOn>c"),
// and the Go durations inside them.
#include "agent/input/key_notation.h"

#include <stdexcept>
#include <string_view>

#include "tests/fuzz/fuzz_target.h"

MKS_FUZZ_TARGET(key_notation) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    mks::input::parse_key_notation(text);
  } catch (const std::invalid_argument& e) {
    mks::fuzz::expected_error(e);
  }
  mks::input::parse_go_duration(text);
  return 0;
}
