#pragma once

// One fuzz target per untrusted input. A target file says
//
//   MKS_FUZZ_TARGET(tight_decoder) { ...use data, size...; return 0; }
//
// Built with -DMKS_FUZZ=ON (clang), each target is its own libFuzzer program. In the normal
// build every target registers itself instead, and mks_fuzz_replay_tests feeds it each file of
// tests/data/fuzz/<name>/ (seeds and every finding once fixed), so the corpora are replayed
// under GCC's sanitizers on every test run.
//
// A target catches the errors a hostile input is allowed to cause (the agent's one-line
// errors); anything else escaping (std::out_of_range, a crash, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <string>

namespace mks::fuzz {

using TargetFunction = int (*)(const std::uint8_t* data, std::size_t size);

std::map<std::string, TargetFunction>& registered_targets();

// Called by targets for the errors a hostile input may cause: silent, unless MKS_FUZZ_VERBOSE
// is set (then the message goes to stderr: handy to see how far a seed gets).
void expected_error(const std::exception& error);

struct Registration {
  Registration(const char* name, TargetFunction function) {
    registered_targets().emplace(name, function);
  }
};

}  // namespace mks::fuzz

#ifdef MKS_LIBFUZZER
#define MKS_FUZZ_TARGET(name)                                                         \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size);                 \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return fuzz_##name(data, size);                                                   \
  }                                                                                   \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size)
#else
#define MKS_FUZZ_TARGET(name)                                                   \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size);           \
  static const mks::fuzz::Registration registration_##name(#name, fuzz_##name); \
  static int fuzz_##name(const std::uint8_t* data, std::size_t size)
#endif
