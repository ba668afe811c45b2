#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "agent/vsphere/http_client.h"
#include "agent/vsphere/vcenter_error.h"
#include "agent/vsphere/xml_reply.h"

namespace mks::vsphere {

// A SOAP fault other than a failed login (InvalidLogin and NotAuthenticated are AuthError):
// its vim25 type, e.g. "ManagedObjectNotFound", "InvalidArgument", "InvalidPowerState".
class SoapFault : public VcenterError {
 public:
  SoapFault(const std::string& what, std::string type)
      : VcenterError(what), type_(std::move(type)) {}
  const std::string& type() const { return type_; }

 private:
  std::string type_;
};

// A managed object reference: <_this type="VirtualMachine">vm-42</_this>.
struct ManagedObject {
  std::string type;
  std::string value;
};

// The vSphere Web Services API (vim25 SOAP at /sdk) over an HttpClient: wraps a method's
// body in an envelope, posts it, and returns the reply or throws the fault as one clear line.
class SoapClient {
 public:
  explicit SoapClient(HttpClient& http) : http_(http) {}

  // `body` is the method element, e.g. <vim25:Logout>...</vim25:Logout> (prefix vim25 is
  // urn:vim25, xsi is declared). Returns the parsed reply; a SOAP fault throws (see
  // fault_error) and so does any reply that is not SOAP.
  boost::asio::awaitable<XmlReply> call(const std::string& method, const std::string& body);

  // The user name to mention when a Login fails.
  void set_user(std::string user) { user_ = std::move(user); }
  const VcenterEndpoint& endpoint() const { return http_.endpoint(); }
  std::string host() const { return http_.endpoint().to_string(); }  // for messages

 private:
  HttpClient& http_;
  std::string user_;
};

// <vim25:_this type="T">V</vim25:_this> and other managed object elements.
std::string moref_element(const std::string& element, const ManagedObject& object);
// The reference held by `node` (its type attribute and text).
ManagedObject moref_of(XmlReply::Node node);

}  // namespace mks::vsphere
