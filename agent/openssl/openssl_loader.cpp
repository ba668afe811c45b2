#include <dlfcn.h>
#include <openssl/opensslv.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iterator>

#define MKS_STRINGIFY_VALUE(x) #x
#define MKS_STRINGIFY(x) MKS_STRINGIFY_VALUE(x)

extern "C" void* mks_openssl_slots[];

namespace mks::openssl {
namespace {

constexpr const char* kSoname = "libssl.so." MKS_STRINGIFY(OPENSSL_SHLIB_VERSION);
constexpr const char* kFunctions[] = {
#include "openssl_function_names.inc"
};

// Called from a stub, with no C++ frame to throw to: a missing library ends the program with
// one line (the package depends on libssl3, so this is a broken installation).
[[noreturn]] void give_up(const char* what) {
  std::fprintf(stderr, "mksagent: TLS and hashing need OpenSSL (%s): install libssl%s\n", what,
               MKS_STRINGIFY(OPENSSL_SHLIB_VERSION));
  std::_Exit(1);
}

bool open_all() {
  // libssl's dependencies include libcrypto: dlsym on its handle finds the functions of both.
  void* handle = dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) give_up(dlerror());
  for (std::size_t i = 0; i < std::size(kFunctions); ++i) {
    void* function = dlsym(handle, kFunctions[i]);
    if (function == nullptr) give_up(dlerror());
    std::atomic_ref<void*>(mks_openssl_slots[i]).store(function, std::memory_order_release);
  }
  return true;
}

}  // namespace
}  // namespace mks::openssl

// The stubs' trampoline: opens OpenSSL once (threads arriving meanwhile wait on the static's
// guard) and returns the function the stub numbered `index` stands for.
extern "C" void* mks_openssl_resolve(unsigned index) {
  [[maybe_unused]] static const bool once = mks::openssl::open_all();
  return std::atomic_ref<void*>(mks_openssl_slots[index]).load(std::memory_order_acquire);
}
