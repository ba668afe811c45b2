#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <map>
#include <string>

#include "agent/transport/connect.h"
#include "agent/vsphere/vcenter_address.h"

namespace mks::vsphere {

struct HttpReply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

// HTTPS (or HTTP) requests to vCenter, one connection each, with vCenter's certificate
// checked like a console's (system CA store, a pinned thumbprint, or --insecure). Keeps
// the vmware_soap_session cookie and any headers set with set_header() for later requests.
// Concurrent send()s from coroutines on one io_context are fine: each has its own
// connection, and the shared state (headers, the TLS context) is only touched between
// suspension points.
class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, VcenterEndpoint endpoint,
             transport::TlsOptions tls, std::chrono::milliseconds timeout);

  // Throws TransportError, TlsError or TimeoutError; any HTTP status is a reply.
  boost::asio::awaitable<HttpReply> send(const std::string& method, const std::string& target,
                                         const std::string& body,
                                         const std::map<std::string, std::string>& headers = {});
  void set_header(const std::string& name, const std::string& value) { sticky_[name] = value; }
  void clear_header(const std::string& name) { sticky_.erase(name); }
  const VcenterEndpoint& endpoint() const { return endpoint_; }

 private:
  boost::asio::any_io_executor executor_;
  VcenterEndpoint endpoint_;
  transport::TlsOptions tls_;
  std::chrono::milliseconds timeout_;
  std::map<std::string, std::string> sticky_;
  // Made at the first HTTPS request: loading the CA store once, not per ticket.
  std::shared_ptr<boost::asio::ssl::context> context_;
};

}  // namespace mks::vsphere
