#include "tests/support/fault_proxy_process.h"

#include <stdexcept>

#include "tests/support/sim_process.h"

namespace mks::test {

FaultProxyProcess::FaultProxyProcess(int upstream_port, const std::vector<std::string>& fault_flags)
    : process_(bin_path("mks-fault-proxy"), [&] {
        std::vector<std::string> args = {"--upstream",
                                         "127.0.0.1:" + std::to_string(upstream_port)};
        args.insert(args.end(), fault_flags.begin(), fault_flags.end());
        return args;
      }()) {
  const auto line = process_.read_line(std::chrono::seconds(20));
  if (!line) {
    throw std::runtime_error("mks-fault-proxy: no ready line; stderr: " + process_.stderr_text());
  }
  const auto ready = nlohmann::json::parse(*line);
  if (ready.value("event", "") != "ready") throw std::runtime_error("mks-fault-proxy: " + *line);
  port_ = ready.at("port").get<int>();
}

std::string FaultProxyProcess::through(const std::string& url) const {
  // SCHEME://HOST:PORT/…: the digits after the host's colon.
  const auto host = url.find("://");
  const auto colon = host == std::string::npos ? host : url.find(':', host + 3);
  if (colon == std::string::npos) throw std::invalid_argument("no port in " + url);
  const auto end = url.find_first_not_of("0123456789", colon + 1);
  return url.substr(0, colon + 1) + std::to_string(port_) +
         (end == std::string::npos ? "" : url.substr(end));
}

const std::vector<nlohmann::json>& FaultProxyProcess::events() {
  for (const auto& line : process_.read_available_lines(std::chrono::milliseconds(100))) {
    events_.push_back(nlohmann::json::parse(line));
  }
  return events_;
}

std::string FaultProxyProcess::faults_of(int number) {
  std::string out;
  for (const auto& event : events()) {
    if (event.value("event", "") == "fault" && event.value("connection", 0) == number) {
      out += event.value("what", "") + "\n";
    }
  }
  return out;
}

int FaultProxyProcess::connections() {
  int count = 0;
  for (const auto& event : events()) count += event.value("event", "") == "connection" ? 1 : 0;
  return count;
}

}  // namespace mks::test
