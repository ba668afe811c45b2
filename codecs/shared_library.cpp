#include "codecs/shared_library.h"

#include <dlfcn.h>

namespace mks::codecs {

SharedLibraries::SharedLibraries(const std::vector<std::string>& sonames, std::string purpose,
                                 std::string package)
    : purpose_(std::move(purpose)), package_(std::move(package)) {
  for (const std::string& soname : sonames) {
    void* handle = dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      throw MissingLibraryError(purpose_ + " (" + (why ? why : soname) + "): install " + package_);
    }
    handles_.push_back(handle);
  }
}

void* SharedLibraries::symbol(const char* name) const {
  for (void* handle : handles_) {
    if (void* address = dlsym(handle, name)) return address;
  }
  throw MissingLibraryError(purpose_ + ": the installed library has no " + name +
                            " (a different version from the one mksagent was built with?): "
                            "install " +
                            package_);
}

}  // namespace mks::codecs
