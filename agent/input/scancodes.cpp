#include "agent/input/scancodes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <utility>

namespace mks::input::scancode {
namespace {

struct NamedKey {
  std::string_view name;
  std::uint16_t code;
};

// Names follow Packer's boot_command and xdotool where they differ from nothing else.
constexpr std::array kNamedKeys = {
    NamedKey{"esc", 0x01},          NamedKey{"escape", 0x01},    NamedKey{"backspace", 0x0E},
    NamedKey{"bs", 0x0E},           NamedKey{"tab", 0x0F},       NamedKey{"enter", 0x1C},
    NamedKey{"return", 0x1C},       NamedKey{"ctrl", 0x1D},      NamedKey{"lctrl", 0x1D},
    NamedKey{"leftctrl", 0x1D},     NamedKey{"control", 0x1D},   NamedKey{"shift", 0x2A},
    NamedKey{"lshift", 0x2A},       NamedKey{"leftshift", 0x2A}, NamedKey{"rshift", 0x36},
    NamedKey{"rightshift", 0x36},   NamedKey{"alt", 0x38},       NamedKey{"lalt", 0x38},
    NamedKey{"leftalt", 0x38},      NamedKey{"space", 0x39},     NamedKey{"spacebar", 0x39},
    NamedKey{"capslock", 0x3A},     NamedKey{"f1", 0x3B},        NamedKey{"f2", 0x3C},
    NamedKey{"f3", 0x3D},           NamedKey{"f4", 0x3E},        NamedKey{"f5", 0x3F},
    NamedKey{"f6", 0x40},           NamedKey{"f7", 0x41},        NamedKey{"f8", 0x42},
    NamedKey{"f9", 0x43},           NamedKey{"f10", 0x44},       NamedKey{"numlock", 0x45},
    NamedKey{"scrolllock", 0x46},   NamedKey{"sysrq", 0x54},     NamedKey{"f11", 0x57},
    NamedKey{"f12", 0x58},          NamedKey{"rctrl", 0x11D},    NamedKey{"rightctrl", 0x11D},
    NamedKey{"ralt", 0x138},        NamedKey{"rightalt", 0x138}, NamedKey{"altgr", 0x138},
    NamedKey{"printscreen", 0x137}, NamedKey{"home", 0x147},     NamedKey{"up", 0x148},
    NamedKey{"pageup", 0x149},      NamedKey{"pgup", 0x149},     NamedKey{"left", 0x14B},
    NamedKey{"right", 0x14D},       NamedKey{"end", 0x14F},      NamedKey{"down", 0x150},
    NamedKey{"pagedown", 0x151},    NamedKey{"pgdn", 0x151},     NamedKey{"insert", 0x152},
    NamedKey{"ins", 0x152},         NamedKey{"delete", 0x153},   NamedKey{"del", 0x153},
    NamedKey{"super", 0x15B},       NamedKey{"win", 0x15B},      NamedKey{"lwin", 0x15B},
    NamedKey{"rwin", 0x15C},        NamedKey{"menu", 0x15D},     NamedKey{"pause", 0x100},
    NamedKey{"minus", 0x0C},        NamedKey{"equal", 0x0D},     NamedKey{"comma", 0x33},
    NamedKey{"period", 0x34},       NamedKey{"slash", 0x35},     NamedKey{"backslash", 0x2B},
    NamedKey{"semicolon", 0x27},    NamedKey{"grave", 0x29},     NamedKey{"quote", 0x28},
    NamedKey{"lsuper", 0x15B},      NamedKey{"rsuper", 0x15C},   NamedKey{"prtsc", 0x137},
    NamedKey{"kpenter", 0x11C},     NamedKey{"apps", 0x15D},     NamedKey{"break", 0x100},
};

// Letters and digits by their key position (the US names of the keys).
constexpr std::string_view kLetterRows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
constexpr std::uint16_t kLetterRowStart[] = {0x10, 0x1E, 0x2C};

std::optional<std::uint16_t> letter_or_digit(char c) {
  if (c >= '1' && c <= '9') return static_cast<std::uint16_t>(0x02 + (c - '1'));
  if (c == '0') return 0x0B;
  for (std::size_t row = 0; row < 3; ++row) {
    auto at = kLetterRows[row].find(c);
    if (at != std::string_view::npos) return static_cast<std::uint16_t>(kLetterRowStart[row] + at);
  }
  return std::nullopt;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '_' || c == '-'; }),
            out.end());
  return out;
}

}  // namespace

std::optional<std::uint16_t> for_key_name(std::string_view name) {
  if (name.size() == 1) return letter_or_digit(static_cast<char>(std::tolower(name[0])));
  const std::string key = lower(name);
  for (const auto& named : kNamedKeys) {
    if (named.name == key) return named.code;
  }
  return std::nullopt;
}

std::vector<std::uint16_t> parse_combo(std::string_view combo) {
  std::vector<std::uint16_t> codes;
  std::size_t start = 0;
  while (start <= combo.size()) {
    auto plus = combo.find('+', start);
    // "ctrl++" would mean the plus key; not supported, say so below.
    std::string_view part =
        combo.substr(start, plus == std::string_view::npos ? plus : plus - start);
    auto code = for_key_name(part);
    if (!code)
      throw std::invalid_argument("unknown key \"" + std::string(part) + "\" in \"" +
                                  std::string(combo) + "\"");
    codes.push_back(*code);
    if (plus == std::string_view::npos) break;
    start = plus + 1;
  }
  return codes;
}

}  // namespace mks::input::scancode
