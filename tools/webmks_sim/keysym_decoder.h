#pragma once

#include <cstdint>

#include "tools/webmks_sim/key_action.h"

namespace mks::sim {

// RFB KeyEvent (type 4) input: X11 keysyms already carry the shift state, so only Ctrl and
// Alt are tracked (for Ctrl+Alt+Del and to keep chords out of the text).
class KeysymDecoder {
 public:
  KeyAction key(std::uint32_t keysym, bool down);

 private:
  bool track_modifier(std::uint32_t keysym, bool down);
  KeyAction press(std::uint32_t keysym) const;

  bool ctrl_left_ = false;
  bool ctrl_right_ = false;
  bool alt_left_ = false;
  bool alt_right_ = false;
};

}  // namespace mks::sim
