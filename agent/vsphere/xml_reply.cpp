#include "agent/vsphere/xml_reply.h"

#include <limits>
#include <memory>

#include "agent/vsphere/libxml2_library.h"
#include "agent/vsphere/vcenter_error.h"

namespace mks::vsphere {
namespace {

std::string_view name_of(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

bool is_element(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && name_of(node) == name;
}

void collect(const xmlNode* from, std::string_view name, std::vector<XmlReply::Node>& out,
             bool first_only) {
  for (const xmlNode* n = from->children; n != nullptr; n = n->next) {
    if (!out.empty() && first_only) return;
    if (is_element(n, name)) out.push_back(n);
    if (n->type == XML_ELEMENT_NODE) collect(n, name, out, first_only);
  }
}

// SOAP 1.1 §3: a message must not contain a document type declaration. Stopping at the
// DOCTYPE refuses every entity declaration (internal "billion laughs" expansion, external
// entities) before any of it is read; a reference to an undeclared entity is then simply
// not well-formed.
void refuse_dtd(void* context, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* parser = static_cast<xmlParserCtxtPtr>(context);
  *static_cast<bool*>(parser->_private) = true;
  libxml2().xmlStopParser(parser);
}

struct ParserDeleter {
  void operator()(xmlParserCtxt* parser) const { libxml2().xmlFreeParserCtxt(parser); }
};

}  // namespace

void XmlReply::DocDeleter::operator()(_xmlDoc* doc) const {
  libxml2().xmlFreeDoc(doc);
}

XmlReply::XmlReply(std::string_view xml, std::string_view what) {
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw VcenterError(std::string(what) + " is too large");
  }
  std::unique_ptr<xmlParserCtxt, ParserDeleter> parser(libxml2().xmlNewParserCtxt());
  if (!parser) throw VcenterError("cannot parse " + std::string(what) + ": out of memory");
  bool saw_dtd = false;
  parser->_private = &saw_dtd;
  parser->sax->internalSubset = refuse_dtd;
  // No XML_PARSE_NOENT (no entity substitution), XML_PARSE_NONET (no network), and no
  // XML_PARSE_HUGE: libxml2 keeps its nesting limit (256 levels) and text-node limits.
  doc_.reset(libxml2().xmlCtxtReadMemory(
      parser.get(), xml.data(), static_cast<int>(xml.size()), "reply.xml", nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  if (saw_dtd) {
    doc_.reset();
    throw VcenterError(std::string(what) +
                       " contains a document type declaration, which SOAP forbids; refused");
  }
  if (!doc_ || libxml2().xmlDocGetRootElement(doc_.get()) == nullptr) {
    throw VcenterError(std::string(what) + " is not well-formed XML");
  }
}

XmlReply::~XmlReply() = default;
XmlReply::XmlReply(XmlReply&&) noexcept = default;
XmlReply& XmlReply::operator=(XmlReply&&) noexcept = default;

XmlReply::Node XmlReply::root() const {
  return libxml2().xmlDocGetRootElement(doc_.get());
}

XmlReply::Node XmlReply::find(Node from, std::string_view name) {
  if (from == nullptr) return nullptr;
  std::vector<Node> out;
  collect(from, name, out, true);
  return out.empty() ? nullptr : out.front();
}

std::vector<XmlReply::Node> XmlReply::find_all(Node from, std::string_view name) {
  std::vector<Node> out;
  if (from != nullptr) collect(from, name, out, false);
  return out;
}

XmlReply::Node XmlReply::child(Node parent, std::string_view name) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
    if (is_element(n, name)) return n;
  }
  return nullptr;
}

XmlReply::Node XmlReply::first_child(Node parent) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* n = parent->children; n != nullptr; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) return n;
  }
  return nullptr;
}

std::string XmlReply::text(Node node) {
  if (node == nullptr) return "";
  xmlChar* content = libxml2().xmlNodeGetContent(node);
  std::string out = content ? reinterpret_cast<const char*>(content) : "";
  libxml2().free(content);
  return out;
}

std::optional<std::string> XmlReply::child_text(Node parent, std::string_view name) {
  Node node = child(parent, name);
  if (node == nullptr) return std::nullopt;
  return text(node);
}

std::string XmlReply::local_name(Node node) {
  return node ? std::string(name_of(node)) : "";
}

std::string XmlReply::attribute(Node node, std::string_view name) {
  if (node == nullptr) return "";
  // An attribute without a namespace first: a property value that is a reference carries
  // both, <val xsi:type="ManagedObjectReference" type="Folder">.
  const xmlAttr* found = nullptr;
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr || reinterpret_cast<const char*>(a->name) != name) continue;
    if (found == nullptr || a->ns == nullptr) found = a;
    if (a->ns == nullptr) break;
  }
  if (found == nullptr) return "";
  xmlChar* value = libxml2().xmlNodeListGetString(node->doc, found->children, 1);
  std::string out = value ? reinterpret_cast<const char*>(value) : "";
  libxml2().free(value);
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace mks::vsphere
