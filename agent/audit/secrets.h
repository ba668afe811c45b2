#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mks::audit {

// Strings a run must never show: text typed with type_secret and values read with env().
// Everything a runbook prints goes through redact(), and the event log redacts every line
// again with its own set.
class Secrets {
 public:
  static constexpr std::string_view kMask = "••••";

  void add(std::string secret);
  std::string redact(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret inside another goes too
};

}  // namespace mks::audit
