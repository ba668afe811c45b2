#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mks::scripting {

// Strings a runbook must never show: text typed with type_secret and values read with
// env(). Everything a runbook prints or logs goes through redact().
class Secrets {
 public:
  static constexpr std::string_view kMask = "••••";

  void add(std::string secret);
  std::string redact(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret inside another goes too
};

}  // namespace mks::scripting
