#include "agent/input/hid_usages.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "agent/input/keyboard_layout.h"
#include "agent/input/scancodes.h"

namespace mks::input::hid {
namespace {

// The examples every client agrees on (govc's help, Packer, Ansible; docs/vsphere-api.md).
TEST(HidUsages, KnownKeysGiveTheCodesGovcAndPackerSend) {
  EXPECT_EQ(usb_hid_code(*usage_for_scancode(*scancode_for_key_name("r"))), 1376263);
  EXPECT_EQ(usb_hid_code(*usage_for_scancode(*scancode_for_key_name("a"))), 262151);
  EXPECT_EQ(usb_hid_code(*usage_for_scancode(scancode::kEnter)), 2621447);
  EXPECT_EQ(usage_for_scancode(scancode::kDelete), 0x4C);
  EXPECT_EQ(usage_for_scancode(scancode::kLeftCtrl), kLeftControl);
  EXPECT_EQ(usage_for_scancode(*scancode_for_key_name("f12")), 0x45);
  EXPECT_EQ(usage_for_scancode(*scancode_for_key_name("up")), 0x52);
}

TEST(HidUsages, EveryNamedKeyHasAUsage) {
  for (const char* name :
       {"esc",     "backspace",  "tab",      "enter", "ctrl", "shift",       "rshift",
        "alt",     "space",      "capslock", "f1",    "f10",  "f11",         "f12",
        "numlock", "scrolllock", "sysrq",    "rctrl", "ralt", "printscreen", "home",
        "up",      "pageup",     "left",     "right", "end",  "down",        "pagedown",
        "insert",  "delete",     "super",    "rwin",  "menu", "pause",       "kpenter"}) {
    auto code = scancode_for_key_name(name);
    ASSERT_TRUE(code) << name;
    EXPECT_TRUE(usage_for_scancode(*code)) << name;
  }
}

// Every character of every layout reaches the guest as a key position it can decode: no
// two scancodes share a usage, and the usage leads back to the same scancode.
TEST(HidUsages, EveryKeyOfEveryLayoutRoundTrips) {
  for (auto name : KeyboardLayout::names()) {
    const auto& layout = KeyboardLayout::by_name(name);
    int characters = 0;
    for (char32_t c = 0x20; c < 0x3100; ++c) {
      auto stroke = layout.stroke_for(c);
      if (!stroke) continue;
      ++characters;
      auto usage = usage_for_scancode(stroke->scancode);
      ASSERT_TRUE(usage) << name << " U+" << std::hex << static_cast<unsigned>(c);
      EXPECT_EQ(scancode_for_usage(*usage), stroke->scancode) << name;
    }
    EXPECT_GT(characters, 90) << name;
  }
}

TEST(HidUsages, JisAndIsoKeysHaveTheirOwnUsages) {
  const auto& jp = KeyboardLayout::by_name("jp");
  EXPECT_EQ(usage_for_scancode(jp.require_stroke(U'¥').scancode), 0x89);  // International3
  EXPECT_EQ(usage_for_scancode(jp.require_stroke(U'_').scancode), 0x87);  // International1 (Ro)
  const auto& de = KeyboardLayout::by_name("de");
  EXPECT_EQ(usage_for_scancode(de.require_stroke(U'<').scancode), 0x64);  // the ISO extra key
  EXPECT_TRUE(de.require_stroke(U'@').altgr);
  EXPECT_EQ(scancode_for_usage(0x32), 0x2B);  // ISO #~ is the backslash position
}

TEST(HidUsages, UsagesAreDistinct) {
  std::set<std::uint16_t> seen;
  for (std::uint16_t code = 0; code < 0x200; ++code) {
    if (auto usage = usage_for_scancode(code)) {
      EXPECT_TRUE(seen.insert(*usage).second) << "usage 0x" << std::hex << *usage;
    }
  }
  EXPECT_FALSE(usage_for_scancode(0x55));  // no key sends set-1 0x55
}

TEST(HidUsages, HidCodeIsTheUsageOnTheKeyboardPage) {
  EXPECT_EQ(usage_of_hid_code(usb_hid_code(0xE7)), 0xE7);
  EXPECT_FALSE(usage_of_hid_code(0x040008));  // another usage page
  EXPECT_FALSE(usage_of_hid_code(-1));
}

TEST(HidModifiers, SetFlagsInTheSpecOrder) {
  Modifiers m;
  EXPECT_FALSE(m.any());
  EXPECT_TRUE(m.set(0xE1, true));
  EXPECT_TRUE(m.left_shift);
  EXPECT_TRUE(m.set(0xE6, true));
  EXPECT_TRUE(m.right_alt);
  EXPECT_FALSE(m.set(0x04, true));
  EXPECT_TRUE(m.set(0xE1, false));
  EXPECT_FALSE(m.left_shift);
  EXPECT_TRUE(m.any());
}

}  // namespace
}  // namespace mks::input::hid
