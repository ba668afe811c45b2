#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Which console state each machine of a simulated fleet is built in (the state names of
// the fleet contract, /work/fleet-contract.md "State names").
namespace mks::sim {

// Every state a fleet machine can be built in ("unknown" is a verdict, not a machine).
std::span<const std::string_view> fleet_states();
bool is_fleet_state(std::string_view name);

// STATE=FRACTION pairs in the order given: cumulative fractions of the key space; the rest
// of the mass is login-prompt.
using FleetMix = std::vector<std::pair<std::string, double>>;

// "emergency-mode=0.1,kernel-panic=0.05"; std::invalid_argument (one line) for an unknown
// state, a fraction outside [0, 1], a state given twice or fractions summing over 1.
FleetMix parse_fleet_mix(std::string_view text);
// A varied fleet: half the machines stuck somewhere, every state present.
FleetMix default_fleet_mix();
std::string to_string(const FleetMix& mix);

// The state KEY's machine is built in: the state its name starts with ("kernel-panic-3"),
// else a deterministic draw from (seed, key) through the mix.
std::string state_for(std::uint64_t seed, const FleetMix& mix, std::string_view key);

// KEY of a ticket token: the token up to its first '.', the whole token without one.
std::string key_of_token(std::string_view token);
// A key usable in a /console/KEY path: 1-128 characters of [A-Za-z0-9_-].
bool is_valid_key(std::string_view key);
// The machine's host name: the key lower-cased, other characters as '-', cut to 63.
std::string host_name_for(std::string_view key);

}  // namespace mks::sim
