#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "codecs/image.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/fleet/fleet_console.h"
#include "tools/webmks_sim/fleet/fleet_state.h"

namespace mks::sim {

struct FleetOptions {
  std::uint64_t seed = 1;
  FleetMix mix = default_fleet_mix();
  std::string password = "mks";  // root's, at sulogin and login
};

// The consoles of a simulated fleet, keyed by KEY and made on first use in the state
// state_for(seed, mix, KEY) gives. A console lives while a session has it open or after it
// was typed into; an untouched one is dropped when its last session ends (it would be made
// again the same). Only consoles with sessions or a boot in progress are on the clock, so
// an idle fleet costs nothing. Single-threaded (one io_context).
class Fleet {
 public:
  // `font` is shared by every text console.
  Fleet(FleetOptions options, std::shared_ptr<const codecs::PsfFont> font,
        const input::KeyboardLayout& layout);

  // The console of `key` for a new session (made if needed); pair it with close().
  std::shared_ptr<FleetConsole> open(const std::string& key);
  void close(const std::shared_ptr<FleetConsole>& console);
  // The console of `key` for an API client (made if needed), kept from then on as a
  // typed-into one is: the vSphere API reaches a console without any session.
  std::shared_ptr<FleetConsole> obtain(const std::string& key);
  // Puts `console` on the clock if it needs it (typing may have started a boot).
  void follow_clock(const std::shared_ptr<FleetConsole>& console);
  // The console of `key` if it exists.
  std::shared_ptr<FleetConsole> find(const std::string& key) const;
  // The state `key`'s console was (or would be) built in.
  std::string state_of(const std::string& key) const;

  // Advances the consoles that need the clock; false when none is on it any more.
  bool tick(std::chrono::steady_clock::time_point now);
  bool on_clock() const { return !live_.empty(); }
  std::size_t size() const { return consoles_.size(); }
  const FleetOptions& options() const { return options_; }

 private:
  std::shared_ptr<FleetConsole> make(const std::string& key);
  std::shared_ptr<const codecs::Image> picture(const std::string& state);

  FleetOptions options_;
  std::shared_ptr<const codecs::PsfFont> font_;
  const input::KeyboardLayout& layout_;
  std::unordered_map<std::string, std::shared_ptr<FleetConsole>> consoles_;
  std::vector<std::shared_ptr<FleetConsole>> live_;  // sessions open or booting
  // Graphics-mode screens, made once and shared by all consoles in their state.
  std::unordered_map<std::string, std::shared_ptr<const codecs::Image>> pictures_;
};

}  // namespace mks::sim
