#include "tools/webmks_sim/net/ticket_book.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "agent/transport/url.h"

namespace mks::sim {
namespace {

constexpr std::size_t kTicketChars = 32;
// 64 symbols, so `byte & 63` picks each with equal probability.
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::string TicketBook::issue(std::string_view key) {
  std::array<unsigned char, kTicketChars> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("OpenSSL could not produce random bytes for a ticket");
  }
  std::string token = key.empty() ? std::string() : std::string(key) + ".";
  for (const unsigned char byte : random) token.push_back(kAlphabet[byte & 63]);
  add(token);
  return token;
}

void TicketBook::add(const std::string& token) {
  const std::lock_guard lock(mutex_);
  used_.try_emplace(token, false);
}

TicketBook::Check TicketBook::check(const std::string& token) const {
  const std::lock_guard lock(mutex_);
  const auto it = used_.find(token);
  if (it == used_.end()) return Check::kUnknown;
  return it->second ? Check::kUsed : Check::kUsable;
}

TicketBook::Check TicketBook::consume(const std::string& token) {
  const std::lock_guard lock(mutex_);
  const auto it = used_.find(token);
  if (it == used_.end()) return Check::kUnknown;
  if (it->second) return Check::kUsed;
  it->second = true;
  return Check::kUsable;
}

std::string short_ticket(const std::string& token) {
  constexpr std::string_view kPrefix = "/ticket/";
  return transport::redact_tickets(std::string(kPrefix) + token).substr(kPrefix.size());
}

}  // namespace mks::sim
