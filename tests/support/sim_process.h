#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "codecs/image.h"
#include "tests/support/child_process.h"
#include "tests/support/http_get.h"

namespace mks::test {

// A running `webmks-sim` (from MKS_BIN_DIR) started with the given flags, its ready line
// read; stopped when the object goes away.
class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> flags = {});

  const nlohmann::json& ready() const { return ready_; }
  std::string ticket_url(std::size_t i = 0) const;
  std::string thumbprint_sha1() const { return ready_.at("thumbprint_sha1"); }
  std::string thumbprint_sha256() const { return ready_.at("thumbprint_sha256"); }

  // The event lines printed since the last call.
  std::vector<nlohmann::json> drain_events();
  // GET <api>/<path> from the simulator's HTTP API; throws unless HTTP 200.
  std::string api_get(const std::string& path) const;
  // POST <api>/<path> (e.g. "usb-keys?key=vm-57") with a JSON body; any status is returned.
  HttpResponse api_post(const std::string& path, const std::string& body) const;
  // http(s)://127.0.0.1:PORT, the base URL vcsim's -console takes.
  std::string api_base() const;
  codecs::Image screen() const;  // GET /api/screen.png, decoded

 private:
  ChildProcess process_;
  nlohmann::json ready_;
};

std::string bin_path(const std::string& program);  // MKS_BIN_DIR/program

}  // namespace mks::test
