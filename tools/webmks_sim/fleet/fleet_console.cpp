#include "tools/webmks_sim/fleet/fleet_console.h"

namespace mks::sim {

FleetConsole::FleetConsole(std::string key, std::string state, std::unique_ptr<SimMachine> text,
                           StuckPc* program)
    : key_(std::move(key)), state_(std::move(state)), text_(std::move(text)), program_(program) {}

FleetConsole::FleetConsole(std::string key, std::string state,
                           std::shared_ptr<const codecs::Image> picture)
    : key_(std::move(key)), state_(std::move(state)), picture_(std::move(picture)) {}

void FleetConsole::advance(std::chrono::steady_clock::time_point now) {
  if (!text_) return;
  text_->advance(std::chrono::duration_cast<std::chrono::milliseconds>(now - born_));
}

const codecs::Image& FleetConsole::framebuffer() const {
  return text_ ? text_->framebuffer() : *picture_;
}

SimMachine* FleetConsole::typed_into() {
  touched_ = true;
  if (text_) advance(std::chrono::steady_clock::now());
  return text_.get();
}

void FleetConsole::scancode(std::uint16_t code, bool down) {
  if (auto* machine = typed_into()) machine->scancode(code, down);
}

void FleetConsole::keysym(std::uint32_t keysym, bool down) {
  if (auto* machine = typed_into()) machine->keysym(keysym, down);
}

void FleetConsole::unicode(char32_t c) {
  if (auto* machine = typed_into()) machine->unicode(c);
}

// A picture never changes, so its sessions need no observer.
void FleetConsole::add_observer(ScreenObserver* observer) {
  if (text_) text_->add_observer(observer);
}

void FleetConsole::remove_observer(ScreenObserver* observer) {
  if (text_) text_->remove_observer(observer);
}

}  // namespace mks::sim
