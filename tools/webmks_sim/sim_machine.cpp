#include "tools/webmks_sim/sim_machine.h"

#include <algorithm>

namespace mks::sim {

SimMachine::SimMachine(codecs::PsfFont font, const input::KeyboardLayout& layout,
                       std::unique_ptr<ConsoleProgram> program)
    : SimMachine(std::make_shared<const codecs::PsfFont>(std::move(font)), layout,
                 std::move(program)) {}

SimMachine::SimMachine(std::shared_ptr<const codecs::PsfFont> font,
                       const input::KeyboardLayout& layout, std::unique_ptr<ConsoleProgram> program)
    : font_(std::move(font)),
      renderer_(*font_, Console::kDefaultCols, Console::kDefaultRows),
      program_(program ? std::move(program) : std::make_unique<Shell>()),
      keyboard_(layout),
      framebuffer_(renderer_.width(), renderer_.height(), TextRenderer::kBackground) {
  program_->start(console_);
  renderer_.render(console_, framebuffer_);
}

void SimMachine::scancode(std::uint16_t code, bool down) {
  const std::uint32_t leds_before = keyboard_.leds();
  apply(keyboard_.key(code, down));
  if (keyboard_.leds() == leds_before) return;
  for (auto* observer : observers_) observer->leds_changed(keyboard_.leds());
}

void SimMachine::keysym(std::uint32_t keysym, bool down) {
  apply(keysyms_.key(keysym, down));
}

void SimMachine::unicode(char32_t c) {
  if (c == U'\r' || c == U'\n') return apply(KeyAction::of(KeyAction::Kind::kEnter));
  if (c == U'\b') return apply(KeyAction::of(KeyAction::Kind::kBackspace));
  if (c >= U' ' && c != 0x7F) apply(KeyAction::character(c));
}

void SimMachine::advance(std::chrono::milliseconds now_since_boot) {
  if (now_since_boot < now_) return;
  now_ = now_since_boot;
  program_->advance(now_, console_);
  redraw();
}

void SimMachine::add_observer(ScreenObserver* observer) {
  observers_.push_back(observer);
}

void SimMachine::remove_observer(ScreenObserver* observer) {
  std::erase(observers_, observer);
}

void SimMachine::apply(const KeyAction& action) {
  if (action.kind == KeyAction::Kind::kNone) return;
  program_->on_key(action, console_);
  redraw();
}

void SimMachine::redraw() {
  const auto dirty = renderer_.render(console_, framebuffer_);
  if (dirty.empty()) return;
  for (auto* observer : observers_) observer->screen_changed(dirty);
}

}  // namespace mks::sim
