#include "tools/webmks_sim/usb_keys_api.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mks::sim {
namespace {

using input::hid::Modifiers;
using nlohmann::json;

struct ModifierKey {
  const char* name;  // as in UsbScanCodeSpecModifierType
  bool Modifiers::*flag;
  std::uint16_t usage;
};

// Element order of UsbScanCodeSpecModifierType; usages 0xE0-0xE7 in the same order.
constexpr std::array<ModifierKey, 8> kModifierKeys = {{
    {"leftControl", &Modifiers::left_control, 0xE0},
    {"leftShift", &Modifiers::left_shift, 0xE1},
    {"leftAlt", &Modifiers::left_alt, 0xE2},
    {"leftGui", &Modifiers::left_gui, 0xE3},
    {"rightControl", &Modifiers::right_control, 0xE4},
    {"rightShift", &Modifiers::right_shift, 0xE5},
    {"rightAlt", &Modifiers::right_alt, 0xE6},
    {"rightGui", &Modifiers::right_gui, 0xE7},
}};

Modifiers parse_modifiers(const json& object, std::size_t index) {
  const std::string where = "events[" + std::to_string(index) + "].modifiers";
  if (!object.is_object()) throw std::invalid_argument(where + " must be an object");
  Modifiers modifiers;
  for (const auto& item : object.items()) {
    // Named, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    const std::string& name = item.key();
    const auto& value = item.value();
    const auto* key = std::find_if(kModifierKeys.begin(), kModifierKeys.end(),
                                   [&](const ModifierKey& k) { return name == k.name; });
    if (key == kModifierKeys.end()) {
      throw std::invalid_argument(where + ": unknown modifier '" + name + "'");
    }
    if (!value.is_boolean()) throw std::invalid_argument(where + "." + name + " must be a boolean");
    modifiers.*(key->flag) = value.get<bool>();
  }
  return modifiers;
}

UsbKeyEvent parse_event(const json& event, std::size_t index) {
  const std::string where = "events[" + std::to_string(index) + "]";
  if (!event.is_object()) throw std::invalid_argument(where + " must be an object");
  const auto usage = event.find("usage");
  if (usage == event.end() || !usage->is_number_unsigned() ||
      usage->get<std::uint64_t>() > 0xFFFF) {
    throw std::invalid_argument(where + ".usage must be an integer 0-65535");
  }
  UsbKeyEvent out{usage->get<std::uint16_t>(), {}};
  if (const auto modifiers = event.find("modifiers"); modifiers != event.end()) {
    out.modifiers = parse_modifiers(*modifiers, index);
  }
  return out;
}

void press_modifiers(Machine& machine, const Modifiers& modifiers, bool down) {
  auto press = [&](const ModifierKey& key) {
    if (!(modifiers.*(key.flag))) return;
    machine.scancode(*input::hid::scancode_for_usage(key.usage), down);
  };
  if (down) {
    for (const auto& key : kModifierKeys) press(key);
  } else {
    for (auto it = kModifierKeys.rbegin(); it != kModifierKeys.rend(); ++it) press(*it);
  }
}

}  // namespace

std::vector<UsbKeyEvent> parse_usb_keys(std::string_view body) {
  const json document = json::parse(body, nullptr, false);
  if (document.is_discarded()) throw std::invalid_argument("the body is not JSON");
  if (!document.is_object() || !document.contains("events") || !document["events"].is_array()) {
    throw std::invalid_argument(
        "the body must be {\"events\":[{\"usage\":N,\"modifiers\":{…}},…]}");
  }
  std::vector<UsbKeyEvent> events;
  const auto& list = document["events"];
  for (std::size_t i = 0; i < list.size(); ++i) events.push_back(parse_event(list[i], i));
  return events;
}

int type_usb_keys(Machine& machine, const std::vector<UsbKeyEvent>& events) {
  int typed = 0;
  for (const auto& event : events) {
    const auto scancode = input::hid::scancode_for_usage(event.usage);
    if (!scancode) continue;
    press_modifiers(machine, event.modifiers, true);
    machine.scancode(*scancode, true);
    machine.scancode(*scancode, false);
    press_modifiers(machine, event.modifiers, false);
    ++typed;
  }
  return typed;
}

HttpReply answer_usb_keys(Machine& machine, std::string_view body) {
  std::vector<UsbKeyEvent> events;
  try {
    events = parse_usb_keys(body);
  } catch (const std::invalid_argument& error) {
    return HttpReply{400, "application/json", json{{"error", error.what()}}.dump()};
  }
  const int count = type_usb_keys(machine, events);
  return HttpReply{200, "application/json", json{{"count", count}}.dump()};
}

}  // namespace mks::sim
