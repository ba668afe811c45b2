#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "codecs/image.h"

namespace mks::test {

// A running `webmks-sim` child process: started with the given flags, its ready line read,
// killed when the object goes away.
class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> flags = {});
  ~SimProcess();
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const nlohmann::json& ready() const { return ready_; }
  std::string ticket_url(std::size_t i = 0) const;
  std::string thumbprint_sha1() const { return ready_.at("thumbprint_sha1"); }
  std::string thumbprint_sha256() const { return ready_.at("thumbprint_sha256"); }

  // The next event line whose "event" is `name`, skipping others; throws on timeout.
  nlohmann::json wait_event(const std::string& name,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Every event line printed so far (read without blocking).
  std::vector<nlohmann::json> drain_events();
  // GET <api>/<path> from the simulator's HTTP API (TLS not verified: it is our own).
  std::string api_get(const std::string& path) const;
  codecs::Image screen() const;  // GET /api/screen.png, decoded

 private:
  std::string read_line(std::chrono::milliseconds timeout);

  int pid_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  nlohmann::json ready_;
};

// Result of running a program to completion.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
RunResult run_program(const std::string& path, const std::vector<std::string>& args,
                      std::chrono::seconds timeout = std::chrono::seconds(60));

std::string bin_path(const std::string& program);  // MKS_BIN_DIR/program

}  // namespace mks::test
