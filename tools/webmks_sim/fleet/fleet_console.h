#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "codecs/image.h"
#include "tools/webmks_sim/fleet/stuck_pc.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/sim_machine.h"

namespace mks::sim {

// One console of the simulated fleet: its key, the state it was built in, and its machine,
// either a text console (a SimMachine running a StuckPc) or a fixed picture shared by
// every console in that state (graphics mode: nothing to type into). Remembers whether it
// was typed into, so the fleet keeps a console someone worked on.
class FleetConsole final : public Machine {
 public:
  FleetConsole(std::string key, std::string state, std::unique_ptr<SimMachine> text,
               StuckPc* program);
  FleetConsole(std::string key, std::string state, std::shared_ptr<const codecs::Image> picture);

  const std::string& key() const { return key_; }
  const std::string& state() const { return state_; }
  bool touched() const { return touched_; }
  // Kept from now on as a touched console is (an API client asked for it).
  void keep() { touched_ = true; }
  // True while its machine needs the clock (a boot in progress).
  bool wants_clock() const { return program_ != nullptr && program_->wants_clock(); }
  // Moves the machine's simulated clock to the time since the console was made.
  void advance(std::chrono::steady_clock::time_point now);
  // The text grid (null for a picture).
  const Console* console() const { return text_ ? &text_->console() : nullptr; }

  const codecs::Image& framebuffer() const override;
  std::uint32_t leds() const override { return text_ ? text_->leds() : 0; }
  void scancode(std::uint16_t code, bool down) override;
  void keysym(std::uint32_t keysym, bool down) override;
  void unicode(char32_t c) override;
  void pointer(int, int, std::uint8_t) override {}
  void add_observer(ScreenObserver* observer) override;
  void remove_observer(ScreenObserver* observer) override;

  int sessions = 0;   // open console connections (kept by Fleet)
  bool live = false;  // on the fleet's clock list (kept by Fleet)

 private:
  // A key is about to arrive: time since the last tick counts before it.
  SimMachine* typed_into();

  std::string key_;
  std::string state_;
  std::unique_ptr<SimMachine> text_;
  StuckPc* program_ = nullptr;  // owned by text_
  std::shared_ptr<const codecs::Image> picture_;
  std::chrono::steady_clock::time_point born_ = std::chrono::steady_clock::now();
  bool touched_ = false;
};

}  // namespace mks::sim
