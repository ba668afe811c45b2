#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "agent/input/hid_usages.h"
#include "tools/webmks_sim/machine.h"
#include "tools/webmks_sim/net/sim_server.h"

namespace mks::sim {

// One keystroke as vSphere's PutUsbScanCodes takes it: a USB HID usage (page 7) with the
// modifier keys held around it.
struct UsbKeyEvent {
  std::uint16_t usage = 0;
  input::hid::Modifiers modifiers;
};

// The body of POST /api/usb-keys: {"events":[{"usage":4,"modifiers":{"leftShift":true}},…]}
// with the eight modifier names of UsbScanCodeSpecModifierType. Throws std::invalid_argument
// (one line) for bad JSON or a bad shape.
std::vector<UsbKeyEvent> parse_usb_keys(std::string_view body);

// Types each event on `machine` as a guest with a USB keyboard gets it: the held modifiers'
// set-1 scancodes down, the key down and up, the modifiers up, so the guest's layout
// decodes it. A usage no keyboard has is skipped. Returns the number of keystrokes typed.
int type_usb_keys(Machine& machine, const std::vector<UsbKeyEvent>& events);

// The whole endpoint: 200 {"count":N}, or 400 {"error":…} for a body it cannot read.
HttpReply answer_usb_keys(Machine& machine, std::string_view body);

}  // namespace mks::sim
