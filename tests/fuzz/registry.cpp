#include <cstdio>
#include <cstdlib>

#include "tests/fuzz/fuzz_target.h"

namespace mks::fuzz {

std::map<std::string, TargetFunction>& registered_targets() {
  static std::map<std::string, TargetFunction> targets;
  return targets;
}

void expected_error(const std::exception& error) {
  static const bool verbose = std::getenv("MKS_FUZZ_VERBOSE") != nullptr;
  if (verbose) std::fprintf(stderr, "expected error: %s\n", error.what());
}

}  // namespace mks::fuzz
