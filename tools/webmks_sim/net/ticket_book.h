#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mks::sim {

// One-shot WebMKS tickets (docs/webmks-protocol.md §1.1): each token opens one console
// connection, a second use is refused. Safe to call from several threads.
class TicketBook {
 public:
  enum class Check { kUsable, kUsed, kUnknown };

  // 32 random URL-safe characters from OpenSSL's RAND_bytes; with a `key` (a fleet
  // console's), "KEY." before them.
  std::string issue(std::string_view key = {});
  void add(const std::string& token);
  Check check(const std::string& token) const;
  // Marks the token used; returns what check() would have said before.
  Check consume(const std::string& token);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bool> used_;  // token -> already used
};

// "abcd…": how a ticket appears in events and logs.
std::string short_ticket(const std::string& token);

}  // namespace mks::sim
