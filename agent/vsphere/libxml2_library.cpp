#include "agent/vsphere/libxml2_library.h"

#include <libxml/xmlversion.h>

#include "codecs/shared_library.h"

namespace mks::vsphere {
namespace {

Libxml2Functions load_libxml2() {
  const codecs::SharedLibraries library({"libxml2.so.2"}, "talking to vCenter needs libxml2",
                                        "libxml2");
  Libxml2Functions functions{};
#define MKS_LIBXML2_LOAD(name) functions.name = library.function<decltype(&::name)>(#name);
  MKS_LIBXML2_FUNCTIONS(MKS_LIBXML2_LOAD)
#undef MKS_LIBXML2_LOAD
  functions.free = *static_cast<xmlFreeFunc*>(library.symbol("xmlFree"));
  return functions;
}

}  // namespace

const Libxml2Functions& libxml2() {
  static const Libxml2Functions functions = load_libxml2();
  return functions;
}

std::string libxml2_build_version() {
  return LIBXML_DOTTED_VERSION;
}

}  // namespace mks::vsphere
