#pragma once

// libxml2's functions as XmlReply uses them, from the library opened on the first vCenter
// reply (codecs/shared_library.h), not at start-up: `libxml2().xmlNewParserCtxt()`.
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <string>

namespace mks::vsphere {

// clang-format off
#define MKS_LIBXML2_FUNCTIONS(X) \
  X(xmlNewParserCtxt) X(xmlFreeParserCtxt) X(xmlCtxtReadMemory) X(xmlStopParser) \
  X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlNodeGetContent) X(xmlNodeListGetString)
// clang-format on

struct Libxml2Functions {
#define MKS_LIBXML2_MEMBER(name) decltype(&::name) name;
  MKS_LIBXML2_FUNCTIONS(MKS_LIBXML2_MEMBER)
#undef MKS_LIBXML2_MEMBER
  // xmlFree is a variable holding libxml2's deallocator, not a function.
  xmlFreeFunc free;
};

// Opens libxml2 on first use; throws codecs::MissingLibraryError when it is not installed.
const Libxml2Functions& libxml2();

// The libxml2 release the program was built against, e.g. "2.9.14" (no loading).
std::string libxml2_build_version();

}  // namespace mks::vsphere
