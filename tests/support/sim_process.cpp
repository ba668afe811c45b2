#include "tests/support/sim_process.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <stdexcept>

#include "agent/vsphere/http_client.h"
#include "codecs/png.h"

namespace mks::test {

std::string bin_path(const std::string& program) {
  return std::string(MKS_BIN_DIR) + "/" + program;
}

SimProcess::SimProcess(std::vector<std::string> flags) : process_(bin_path("webmks-sim"), flags) {
  auto line = process_.read_line(std::chrono::seconds(20));
  if (!line)
    throw std::runtime_error("webmks-sim: no ready line; stderr: " + process_.stderr_text());
  ready_ = nlohmann::json::parse(*line);
  if (ready_.value("event", "") != "ready") throw std::runtime_error("webmks-sim: no ready line");
}

std::string SimProcess::ticket_url(std::size_t i) const {
  return ready_.at("tickets").at(i).get<std::string>();
}

std::vector<nlohmann::json> SimProcess::drain_events() {
  std::vector<nlohmann::json> events;
  for (const auto& line : process_.read_available_lines())
    events.push_back(nlohmann::json::parse(line));
  return events;
}

std::string SimProcess::api_get(const std::string& path) const {
  auto response = http_get(ready_.at("api").get<std::string>() + "/" + path);
  if (response.status != 200) {
    throw std::runtime_error("GET /api/" + path + ": HTTP " + std::to_string(response.status));
  }
  return response.body;
}

std::string SimProcess::api_base() const {
  const std::string api = ready_.at("api").get<std::string>();
  return api.substr(0, api.rfind("/api"));
}

HttpResponse SimProcess::api_post(const std::string& path, const std::string& body) const {
  boost::asio::io_context io;
  vsphere::HttpClient client(io.get_executor(), vsphere::VcenterEndpoint::parse(api_base()),
                             transport::TlsOptions{.insecure = true}, std::chrono::seconds(10));
  const std::map<std::string, std::string> headers = {{"Content-Type", "application/json"}};
  auto reply = boost::asio::co_spawn(io, client.send("POST", "/api/" + path, body, headers),
                                     boost::asio::use_future);
  io.run();
  const vsphere::HttpReply r = reply.get();
  return HttpResponse{r.status, r.content_type, r.body};
}

codecs::Image SimProcess::screen() const {
  const std::string png = api_get("screen.png");
  return codecs::decode_png({reinterpret_cast<const std::uint8_t*>(png.data()), png.size()});
}

}  // namespace mks::test
