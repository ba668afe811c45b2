#include "tests/support/http_get.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <stdexcept>

namespace mks::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

Target parse(const std::string& url) {
  Target t;
  std::string rest;
  if (url.starts_with("https://")) {
    t.tls = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    throw std::runtime_error("http_get: not an http(s) URL: " + url);
  }
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  t.path = slash == std::string::npos ? "/" : rest.substr(slash);
  const auto colon = authority.rfind(':');
  const bool has_port =
      colon != std::string::npos && authority.find(']', colon) == std::string::npos;
  t.host = has_port ? authority.substr(0, colon) : authority;
  t.port = has_port ? authority.substr(colon + 1) : (t.tls ? "443" : "80");
  if (t.host.starts_with('[')) t.host = t.host.substr(1, t.host.size() - 2);
  return t;
}

template <class Stream>
asio::awaitable<HttpResponse> exchange(Stream& stream, const Target& t) {
  http::request<http::empty_body> request{http::verb::get, t.path, 11};
  request.set(http::field::host, t.host);
  request.set(http::field::user_agent, "mks-tests");
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  const auto& response = parser.get();
  co_return HttpResponse{response.result_int(), std::string(response[http::field::content_type]),
                         response.body()};
}

asio::awaitable<HttpResponse> fetch(Target t) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(t.host, t.port, asio::use_awaitable);
  beast::tcp_stream tcp(executor);
  co_await tcp.async_connect(endpoints, asio::use_awaitable);
  if (!t.tls) {
    HttpResponse plain = co_await exchange(tcp, t);
    co_return plain;
  }
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp), ctx);
  co_await tls.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  HttpResponse secure = co_await exchange(tls, t);
  co_return secure;
}

}  // namespace

HttpResponse http_get(const std::string& url, std::chrono::milliseconds timeout) {
  asio::io_context io;
  std::optional<HttpResponse> response;
  std::exception_ptr failure;
  const Target target = parse(url);
  asio::co_spawn(io, fetch(target), [&](std::exception_ptr error, HttpResponse r) {
    failure = error;
    if (!error) response = std::move(r);
  });
  io.run_for(timeout);
  if (failure) std::rethrow_exception(failure);
  if (!response) throw std::runtime_error("http_get: no answer from " + url + " in time");
  return *response;
}

}  // namespace mks::test
