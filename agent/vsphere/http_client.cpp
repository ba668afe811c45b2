#include "agent/vsphere/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "agent/errors.h"
#include "agent/limits.h"
#include "agent/transport/name_lookup.h"
#include "agent/transport/tls_client.h"

namespace mks::vsphere {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

[[noreturn]] void throw_network_error(const error_code& ec, const VcenterEndpoint& endpoint,
                                      const char* stage) {
  if (ec == beast::error::timeout || ec == asio::error::timed_out) {
    throw TimeoutError("timed out talking to vCenter " + endpoint.to_string() + " (" + stage + ")");
  }
  if (ec == http::error::header_limit) {
    throw TransportError("vCenter " + endpoint.to_string() +
                         " sent reply headers over the limit of " +
                         limits::size_text(limits::kMaxHttpHeader));
  }
  if (ec == asio::error::connection_refused) {
    throw TransportError("cannot connect to vCenter " + endpoint.to_string() +
                         ": connection refused (is the host and port right?)");
  }
  throw TransportError("vCenter " + endpoint.to_string() + ": " + stage + " failed (" +
                       ec.message() + ")");
}

[[noreturn]] void throw_oversized_body(const VcenterEndpoint& endpoint, std::uint64_t limit) {
  throw TransportError("vCenter " + endpoint.to_string() + " sent a reply body over the limit of " +
                       limits::size_text(limit));
}

// REST replies (a session token, a ticket) are small, and a JSON document takes far more
// memory parsed than its text: JSON gets the smaller limit.
std::uint64_t body_limit_for(std::string_view content_type) {
  return content_type.starts_with("application/json") ? limits::kMaxJsonBody : limits::kMaxHttpBody;
}

template <class Stream>
asio::awaitable<Response> exchange(Stream& stream, Request& request,
                                   const VcenterEndpoint& endpoint) {
  error_code ec;
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw_network_error(ec, endpoint, "sending the request");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  // Checked while reading: a longer Content-Length is refused before its body arrives.
  parser.body_limit(limits::kMaxHttpBody);
  parser.header_limit(limits::kMaxHttpHeader);
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::body_limit) throw_oversized_body(endpoint, limits::kMaxHttpBody);
  if (ec) throw_network_error(ec, endpoint, "reading the reply");
  const std::uint64_t limit = body_limit_for(parser.get()[http::field::content_type]);
  if (parser.content_length().value_or(0) > limit) throw_oversized_body(endpoint, limit);
  parser.body_limit(limit);  // chunked and read-to-close bodies count down from here
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::body_limit) throw_oversized_body(endpoint, limit);
  if (ec) throw_network_error(ec, endpoint, "reading the reply");
  co_return parser.release();
}

// "vmware_soap_session=\"52...\"; Path=/; HttpOnly" -> "vmware_soap_session=\"52...\"".
std::string cookie_of(std::string_view set_cookie) {
  return std::string(set_cookie.substr(0, set_cookie.find(';')));
}

}  // namespace

HttpClient::HttpClient(asio::any_io_executor executor, VcenterEndpoint endpoint,
                       transport::TlsOptions tls, std::chrono::milliseconds timeout)
    : executor_(std::move(executor)),
      endpoint_(std::move(endpoint)),
      tls_(std::move(tls)),
      timeout_(timeout) {}

asio::awaitable<HttpReply> HttpClient::send(const std::string& method, const std::string& target,
                                            const std::string& body,
                                            const std::map<std::string, std::string>& headers) {
  Request request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, endpoint_.host);
  request.set(http::field::user_agent, "mksagent");
  for (const auto& [name, value] : sticky_) request.set(name, value);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.keep_alive(false);
  request.body() = body;
  request.prepare_payload();

  error_code ec;
  const auto endpoints = co_await transport::look_up(
      executor_, endpoint_.host, endpoint_.port, std::chrono::steady_clock::now() + timeout_, ec);
  if (ec) throw_network_error(ec, endpoint_, "name lookup");
  beast::tcp_stream tcp_stream(executor_);
  tcp_stream.expires_after(timeout_);
  co_await tcp_stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw_network_error(ec, endpoint_, "TCP connection");

  Response response;
  if (!endpoint_.tls) {
    response = co_await exchange(tcp_stream, request, endpoint_);
  } else {
    if (!context_) context_ = transport::make_client_context(tls_);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), *context_);
    auto report = std::make_shared<transport::TlsVerifyReport>();
    transport::prepare_client_stream(stream, endpoint_.host, tls_, report);
    co_await stream.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (ec == beast::error::timeout) throw_network_error(ec, endpoint_, "TLS handshake");
    if (ec) transport::throw_handshake_error(ec, endpoint_.host, *report);
    transport::check_pinned_certificate(stream, tls_);
    response = co_await exchange(stream, request, endpoint_);
  }
  for (const auto& field : response.base()) {
    if (field.name() == http::field::set_cookie &&
        field.value().starts_with("vmware_soap_session")) {
      sticky_["Cookie"] = cookie_of(field.value());
    }
  }
  HttpReply reply;
  reply.status = response.result_int();
  reply.content_type = std::string(response[http::field::content_type]);
  reply.body = std::move(response.body());
  co_return reply;
}

}  // namespace mks::vsphere
