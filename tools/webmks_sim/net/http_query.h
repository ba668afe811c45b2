#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mks::sim {

// The path of a request target, without its query or fragment.
inline std::string_view path_of_target(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

// The value of `name` in the target's query string ("?key=vm-57&x=1"), taken as it is (no
// percent-decoding: keys are plain [A-Za-z0-9_-]); nullopt when absent.
inline std::optional<std::string> query_value(std::string_view target, std::string_view name) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto equals = item.find('=');
    if (item.substr(0, equals) != name) continue;
    return equals == std::string_view::npos ? std::string() : std::string(item.substr(equals + 1));
  }
  return std::nullopt;
}

}  // namespace mks::sim
