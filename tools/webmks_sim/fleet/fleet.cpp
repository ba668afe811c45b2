#include "tools/webmks_sim/fleet/fleet.h"

#include <algorithm>

#include "tools/webmks_sim/screens/picture_screens.h"

namespace mks::sim {

Fleet::Fleet(FleetOptions options, std::shared_ptr<const codecs::PsfFont> font,
             const input::KeyboardLayout& layout)
    : options_(std::move(options)), font_(std::move(font)), layout_(layout) {}

std::shared_ptr<FleetConsole> Fleet::open(const std::string& key) {
  auto& console = consoles_[key];
  if (!console) console = make(key);
  ++console->sessions;
  if (!console->live) {
    console->live = true;
    live_.push_back(console);
  }
  return console;
}

void Fleet::close(const std::shared_ptr<FleetConsole>& console) {
  if (--console->sessions > 0 || console->touched()) return;
  const auto it = consoles_.find(console->key());
  if (it != consoles_.end() && it->second == console) consoles_.erase(it);
  console->live = false;
  std::erase(live_, console);
}

std::shared_ptr<FleetConsole> Fleet::obtain(const std::string& key) {
  auto& console = consoles_[key];
  if (!console) console = make(key);
  console->keep();
  follow_clock(console);
  return console;
}

void Fleet::follow_clock(const std::shared_ptr<FleetConsole>& console) {
  if (console->live || !console->wants_clock()) return;
  console->live = true;
  live_.push_back(console);
}

std::shared_ptr<FleetConsole> Fleet::find(const std::string& key) const {
  const auto it = consoles_.find(key);
  return it == consoles_.end() ? nullptr : it->second;
}

std::string Fleet::state_of(const std::string& key) const {
  if (const auto console = find(key)) return console->state();
  return state_for(options_.seed, options_.mix, key);
}

bool Fleet::tick(std::chrono::steady_clock::time_point now) {
  for (const auto& console : live_) {
    if (console->wants_clock()) console->advance(now);
  }
  std::erase_if(live_, [](const std::shared_ptr<FleetConsole>& console) {
    const bool off = console->sessions == 0 && !console->wants_clock();
    if (off) console->live = false;
    return off;
  });
  return !live_.empty();
}

std::shared_ptr<FleetConsole> Fleet::make(const std::string& key) {
  std::string state = state_for(options_.seed, options_.mix, key);
  if (state == "windows-recovery" || state == "blank" || state == "graphical") {
    auto image = picture(state);
    return std::make_shared<FleetConsole>(key, std::move(state), std::move(image));
  }
  auto program = std::make_unique<StuckPc>(state, host_name_for(key), options_.password);
  StuckPc* stuck = program.get();
  auto machine = std::make_unique<SimMachine>(font_, layout_, std::move(program));
  return std::make_shared<FleetConsole>(key, std::move(state), std::move(machine), stuck);
}

std::shared_ptr<const codecs::Image> Fleet::picture(const std::string& state) {
  auto& image = pictures_[state];
  if (image) return image;
  if (state == "windows-recovery") {
    image = std::make_shared<const codecs::Image>(screens::windows_recovery_screen(*font_));
  } else if (state == "blank") {
    image = std::make_shared<const codecs::Image>(screens::blank_screen());
  } else {
    image = std::make_shared<const codecs::Image>(screens::graphical_screen());
  }
  return image;
}

}  // namespace mks::sim
