#include "tools/webmks_sim/fleet/fleet_state.h"

#include <array>
#include <cctype>
#include <charconv>
#include <sstream>
#include <stdexcept>

namespace mks::sim {
namespace {

constexpr std::array<std::string_view, 13> kStates = {
    "login-prompt",     "emergency-mode", "fsck-manual",    "initramfs-shell", "grub-menu",
    "grub-rescue",      "kernel-panic",   "no-boot-device", "pxe-no-boot",     "firmware-setup",
    "windows-recovery", "blank",          "graphical",
};
constexpr std::string_view kHealthy = "login-prompt";
// Sums are compared with this slack so "0.1,0.2,0.7" (0.9999999999999999…) is allowed.
constexpr double kSumSlack = 1e-9;
constexpr std::size_t kMaxKey = 128;
constexpr std::size_t kMaxHostName = 63;

std::string state_list() {
  std::string out;
  for (auto name : kStates) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

double parse_fraction(std::string_view state, std::string_view text) {
  double value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || !(value >= 0 && value <= 1)) {
    throw std::invalid_argument("--fleet-mix: " + std::string(state) + "=" + std::string(text) +
                                ": the fraction must be a number from 0 to 1");
  }
  return value;
}

std::pair<std::string, double> parse_item(std::string_view item) {
  const auto equals = item.find('=');
  if (equals == std::string_view::npos) {
    throw std::invalid_argument("--fleet-mix: '" + std::string(item) + "' is not STATE=FRACTION");
  }
  const std::string_view state = item.substr(0, equals);
  if (!is_fleet_state(state)) {
    throw std::invalid_argument("--fleet-mix: unknown state '" + std::string(state) + "' (" +
                                state_list() + ")");
  }
  return {std::string(state), parse_fraction(state, item.substr(equals + 1))};
}

// splitmix64's finaliser: spreads every input bit over the whole word.
std::uint64_t mix_bits(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A number in [0, 1) that depends only on seed and key (FNV-1a, then splitmix64).
double draw(std::uint64_t seed, std::string_view key) {
  std::uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : key) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  const std::uint64_t bits = mix_bits(hash ^ mix_bits(seed));
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace

std::span<const std::string_view> fleet_states() {
  return kStates;
}

bool is_fleet_state(std::string_view name) {
  for (auto state : kStates) {
    if (state == name) return true;
  }
  return false;
}

FleetMix parse_fleet_mix(std::string_view text) {
  FleetMix mix;
  double sum = 0;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    auto entry = parse_item(item);
    for (const auto& [state, fraction] : mix) {
      if (state == entry.first) {
        throw std::invalid_argument("--fleet-mix: " + state + " is given twice");
      }
    }
    sum += entry.second;
    mix.push_back(std::move(entry));
  }
  if (sum > 1 + kSumSlack) {
    throw std::invalid_argument("--fleet-mix: the fractions add up to " + std::to_string(sum) +
                                ", more than 1");
  }
  return mix;
}

FleetMix default_fleet_mix() {
  return {{"emergency-mode", 0.08},   {"fsck-manual", 0.06}, {"initramfs-shell", 0.04},
          {"grub-menu", 0.04},        {"grub-rescue", 0.03}, {"kernel-panic", 0.04},
          {"no-boot-device", 0.03},   {"pxe-no-boot", 0.03}, {"firmware-setup", 0.03},
          {"windows-recovery", 0.04}, {"blank", 0.04},       {"graphical", 0.04}};
}

std::string to_string(const FleetMix& mix) {
  std::ostringstream out;
  for (const auto& [state, fraction] : mix) {
    if (out.tellp() > 0) out << ',';
    out << state << '=' << fraction;
  }
  return out.str();
}

std::string state_for(std::uint64_t seed, const FleetMix& mix, std::string_view key) {
  for (auto state : kStates) {
    if (key.size() > state.size() && key.starts_with(state) && key[state.size()] == '-') {
      return std::string(state);
    }
  }
  const double x = draw(seed, key);
  double cumulative = 0;
  for (const auto& [state, fraction] : mix) {
    cumulative += fraction;
    if (x < cumulative) return state;
  }
  return std::string(kHealthy);
}

std::string key_of_token(std::string_view token) {
  return std::string(token.substr(0, token.find('.')));
}

bool is_valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKey) return false;
  for (const char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string host_name_for(std::string_view key) {
  std::string host;
  for (const char c : key.substr(0, kMaxHostName)) {
    const auto u = static_cast<unsigned char>(c);
    host += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
  }
  while (!host.empty() && host.back() == '-') host.pop_back();
  while (!host.empty() && host.front() == '-') host.erase(0, 1);
  return host.empty() ? "debian" : host;
}

}  // namespace mks::sim
