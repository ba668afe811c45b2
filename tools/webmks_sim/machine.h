#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "codecs/image.h"

namespace mks::sim {

// Told about every change of a machine's screen or keyboard LEDs (one per RFB session).
class ScreenObserver {
 public:
  virtual void screen_changed(std::span<const codecs::Rect> dirty) = 0;
  virtual void leds_changed(std::uint32_t leds) = 0;
  // The framebuffer has a new size; its whole content is new.
  virtual void screen_resized(int width, int height) = 0;
  // The machine is gone (an upstream connection ended): sessions close.
  virtual void machine_lost(const std::string& reason) = 0;

 protected:
  ~ScreenObserver() = default;
};

// What an RFB session serves: a screen and LEDs out, keyboard and pointer in. All sessions
// share one machine, as all consoles of a VM show the same screen. Single-threaded.
class Machine {
 public:
  virtual ~Machine() = default;

  // Whole and consistent whenever the caller runs (never half an update).
  virtual const codecs::Image& framebuffer() const = 0;
  virtual std::uint32_t leds() const = 0;

  virtual void scancode(std::uint16_t code, bool down) = 0;  // VMW KeyEvent
  virtual void keysym(std::uint32_t keysym, bool down) = 0;  // RFB KeyEvent
  virtual void unicode(char32_t c) = 0;                      // VMW KeyEvent2 with a code point
  // Absolute position in framebuffer pixels; buttons bit 0 left, 1 middle, 2 right.
  virtual void pointer(int x, int y, std::uint8_t buttons) = 0;

  virtual void add_observer(ScreenObserver* observer) = 0;
  virtual void remove_observer(ScreenObserver* observer) = 0;
};

}  // namespace mks::sim
