// HTTP GET against webmks-sim's API (https://127.0.0.1:PORT/api/... or http:// with --no-tls).
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <stdexcept>

#include "codecs/png.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

template <class Stream>
std::string get(Stream& stream, const std::string& target) {
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  if (parser.get().result_int() != 200) {
    throw std::runtime_error(target + ": HTTP " + std::to_string(parser.get().result_int()));
  }
  return parser.get().body();
}

}  // namespace

std::string SimProcess::api_get(const std::string& path) const {
  const std::string api = ready_.at("api");  // http(s)://127.0.0.1:PORT/api
  const bool tls = api.rfind("https://", 0) == 0;
  const std::string target = "/api/" + path;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), ready_.at("port").get<unsigned short>()});
  if (!tls) return get(socket, target);
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  asio::ssl::stream<asio::ip::tcp::socket> stream(std::move(socket), ctx);
  stream.handshake(asio::ssl::stream_base::client);
  return get(stream, target);
}

codecs::Image SimProcess::screen() const {
  const std::string png = api_get("screen.png");
  return codecs::decode_png({reinterpret_cast<const std::uint8_t*>(png.data()), png.size()});
}

}  // namespace mks::test
