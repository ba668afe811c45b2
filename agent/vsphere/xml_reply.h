#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// libxml2 types, so this header does not pull in its headers.
struct _xmlDoc;
struct _xmlNode;

namespace mks::vsphere {

// A parsed XML reply (libxml2, no network access, no entity expansion, no DTD at all). Elements are
// found by local name, whatever their namespace prefix: vSphere's replies are small and their
// element names unambiguous within the part we search.
class XmlReply {
 public:
  // Throws VcenterError when `xml` is not well-formed (`what` names the reply).
  XmlReply(std::string_view xml, std::string_view what);
  ~XmlReply();
  XmlReply(XmlReply&&) noexcept;
  XmlReply& operator=(XmlReply&&) noexcept;

  using Node = const _xmlNode*;
  Node root() const;
  // The first element named `name` below `from` (depth first, `from` excluded); null if none.
  static Node find(Node from, std::string_view name);
  // Every element named `name` below `from`, in document order.
  static std::vector<Node> find_all(Node from, std::string_view name);
  // The direct child element named `name`; null if none.
  static Node child(Node parent, std::string_view name);
  // The first child element whatever its name; null if none.
  static Node first_child(Node parent);
  static std::string text(Node node);  // the node's text content, "" for null
  // Text of the direct child `name`, nullopt when there is no such child.
  static std::optional<std::string> child_text(Node parent, std::string_view name);
  static std::string local_name(Node node);
  // An attribute by local name, one without a namespace first ("type" also finds xsi:type
  // when there is no plain type); "" when absent.
  static std::string attribute(Node node, std::string_view name);

 private:
  struct DocDeleter {
    void operator()(_xmlDoc* doc) const;
  };
  std::unique_ptr<_xmlDoc, DocDeleter> doc_;
};

// Escapes text for an XML element or attribute value.
std::string xml_escape(std::string_view text);

}  // namespace mks::vsphere
