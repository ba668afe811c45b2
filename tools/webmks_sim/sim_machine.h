#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "codecs/image.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/console.h"
#include "tools/webmks_sim/console_program.h"
#include "tools/webmks_sim/keyboard_decoder.h"
#include "tools/webmks_sim/keysym_decoder.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/shell.h"
#include "tools/webmks_sim/text_renderer.h"

namespace mks::sim {

// The simulated machine: keyboard in, framebuffer out. Deterministic: the same keys give the same
// pixels, and timed behaviour follows the simulated clock (advance), not the wall clock.
class SimMachine final : public Machine {
 public:
  // `program` runs on the console; null gives the echo Shell.
  SimMachine(codecs::PsfFont font, const input::KeyboardLayout& layout,
             std::unique_ptr<ConsoleProgram> program = nullptr);
  // One font shared by many machines (a fleet loads it once).
  SimMachine(std::shared_ptr<const codecs::PsfFont> font, const input::KeyboardLayout& layout,
             std::unique_ptr<ConsoleProgram> program = nullptr);
  SimMachine(const SimMachine&) = delete;
  SimMachine& operator=(const SimMachine&) = delete;

  const codecs::Image& framebuffer() const override { return framebuffer_; }
  const Console& console() const { return console_; }
  std::uint32_t leds() const override { return keyboard_.leds(); }

  void scancode(std::uint16_t code, bool down) override;
  void keysym(std::uint32_t keysym, bool down) override;
  void unicode(char32_t c) override;
  void pointer(int, int, std::uint8_t) override {}  // a text console has no mouse
  // Moves the simulated clock to `now_since_boot` (ignored if earlier than the last call).
  void advance(std::chrono::milliseconds now_since_boot);
  std::chrono::milliseconds now() const { return now_; }
  ConsoleProgram& program() { return *program_; }

  void add_observer(ScreenObserver* observer) override;
  void remove_observer(ScreenObserver* observer) override;

 private:
  void apply(const KeyAction& action);
  void redraw();

  std::shared_ptr<const codecs::PsfFont> font_;
  TextRenderer renderer_;
  Console console_;
  std::unique_ptr<ConsoleProgram> program_;
  std::chrono::milliseconds now_{0};
  KeyboardDecoder keyboard_;
  KeysymDecoder keysyms_;
  codecs::Image framebuffer_;
  std::vector<ScreenObserver*> observers_;
};

}  // namespace mks::sim
