#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/child_process.h"

namespace mks::test {

// A running `mks-fault-proxy` (from MKS_BIN_DIR) in front of 127.0.0.1:upstream_port, with
// the fault flags given (e.g. {"--fault", "reset", "--after-bytes", "3000"}); stopped when the
// object goes away.
class FaultProxyProcess {
 public:
  FaultProxyProcess(int upstream_port, const std::vector<std::string>& fault_flags);

  int port() const { return port_; }
  // `url` (ws://, wss://, vnc://) with its port replaced by the proxy's.
  std::string through(const std::string& url) const;

  // Every event line printed so far (connection, fault, closed), ready line excluded.
  const std::vector<nlohmann::json>& events();
  // The "what" of the fault events of connection `number` (1 = the first), joined by '\n'.
  std::string faults_of(int number);
  // How many connections the proxy accepted so far.
  int connections();

 private:
  ChildProcess process_;
  int port_ = 0;
  std::vector<nlohmann::json> events_;
};

}  // namespace mks::test
