#pragma once

#include <cstdint>
#include <optional>

// USB HID keyboard usages (page 0x07) for PC set-1 scancodes, as vSphere's
// VirtualMachine.PutUsbScanCodes takes them (docs/vsphere-api.md). A usage names a key
// position, as a scancode does: the guest's keymap still decides the character, so the
// layouts (which give scancodes) serve this path unchanged.
namespace mks::input::hid {

// The modifier keys' usages: LeftControl 0xE0 … RightGUI 0xE7.
constexpr std::uint16_t kLeftControl = 0xE0;
constexpr std::uint16_t kRightGui = 0xE7;
constexpr bool is_modifier(std::uint16_t usage) {
  return usage >= kLeftControl && usage <= kRightGui;
}

// The usage of the key with this scancode (0xE0 keys as 0x100|code, Pause as 0x100);
// nullopt for a scancode no USB keyboard has.
std::optional<std::uint16_t> usage_for_scancode(std::uint16_t scancode);
// The other way (what a simulated guest does with a usage); nullopt for unknown usages.
std::optional<std::uint16_t> scancode_for_usage(std::uint16_t usage);

// The `usbHidCode` field of a UsbScanCodeSpecKeyEvent: (usage << 16) | 7. Every client
// (govc, Packer, Ansible) sends this; the low 7 is read as the keyboard usage page.
constexpr std::int32_t usb_hid_code(std::uint16_t usage) {
  return (std::int32_t{usage} << 16) | 7;
}
// The usage in a usbHidCode; nullopt unless the low 16 bits are 7.
constexpr std::optional<std::uint16_t> usage_of_hid_code(std::int32_t code) {
  if ((code & 0xFFFF) != 7 || code < 0) return std::nullopt;
  return static_cast<std::uint16_t>(code >> 16);
}

// The eight modifier flags of a UsbScanCodeSpecModifierType, in its element order.
struct Modifiers {
  bool left_control = false;
  bool left_shift = false;
  bool left_alt = false;
  bool left_gui = false;
  bool right_control = false;
  bool right_shift = false;
  bool right_alt = false;
  bool right_gui = false;
  bool operator==(const Modifiers&) const = default;
  bool any() const { return *this != Modifiers{}; }
  // Sets (or clears) the flag of a modifier usage; false when `usage` is no modifier.
  bool set(std::uint16_t usage, bool down);
};

}  // namespace mks::input::hid
