#include "agent/input/key_notation.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "agent/input/utf8.h"

namespace mks::input {
namespace {

struct PackerKey {
  std::string_view name;  // lower case
  std::uint16_t scancode;
};

// packer-plugin-sdk bootcommand/boot_command.pigeon (SpecialKey) with the scancodes of its
// PC-XT driver. Packer's VNC driver sends Meta_L/R for leftMeta/rightMeta; a PC keyboard
// has no Meta key, and X maps Meta to the Windows keys, so they are the Super keys here.
constexpr std::array kPackerKeys = {
    PackerKey{"bs", 0x0E},          PackerKey{"del", 0x153},       PackerKey{"enter", 0x1C},
    PackerKey{"return", 0x1C},      PackerKey{"esc", 0x01},        PackerKey{"tab", 0x0F},
    PackerKey{"spacebar", 0x39},    PackerKey{"insert", 0x152},    PackerKey{"home", 0x147},
    PackerKey{"end", 0x14F},        PackerKey{"pageup", 0x149},    PackerKey{"pagedown", 0x151},
    PackerKey{"up", 0x148},         PackerKey{"down", 0x150},      PackerKey{"left", 0x14B},
    PackerKey{"right", 0x14D},      PackerKey{"menu", 0x15D},      PackerKey{"f1", 0x3B},
    PackerKey{"f2", 0x3C},          PackerKey{"f3", 0x3D},         PackerKey{"f4", 0x3E},
    PackerKey{"f5", 0x3F},          PackerKey{"f6", 0x40},         PackerKey{"f7", 0x41},
    PackerKey{"f8", 0x42},          PackerKey{"f9", 0x43},         PackerKey{"f10", 0x44},
    PackerKey{"f11", 0x57},         PackerKey{"f12", 0x58},        PackerKey{"leftalt", 0x38},
    PackerKey{"rightalt", 0x138},   PackerKey{"leftctrl", 0x1D},   PackerKey{"rightctrl", 0x11D},
    PackerKey{"leftshift", 0x2A},   PackerKey{"rightshift", 0x36}, PackerKey{"leftsuper", 0x15B},
    PackerKey{"rightsuper", 0x15C}, PackerKey{"leftmeta", 0x15B},  PackerKey{"rightmeta", 0x15C},
};

bool is_name_char(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9') ||
         c == U'.' || c == U'\u00B5' || c == U'\u03BC';
}

char32_t ascii_lower(char32_t c) {
  return c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c;
}

// ASCII names only; µ in "µs" comes back as 'u'.
std::string lower_ascii(std::u32string_view name) {
  std::string out;
  for (char32_t c : name) {
    out.push_back(c == U'\u00B5' || c == U'\u03BC' ? 'u' : static_cast<char>(ascii_lower(c)));
  }
  return out;
}

std::optional<std::uint16_t> packer_key(std::string_view lower_name) {
  for (const auto& key : kPackerKeys) {
    if (key.name == lower_name) return key.scancode;
  }
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> wait_of(std::string_view lower_name) {
  if (lower_name.substr(0, 4) != "wait") return std::nullopt;
  const std::string_view rest = lower_name.substr(4);
  if (rest.empty()) return std::chrono::milliseconds(1000);
  if (rest.find_first_not_of("0123456789") == std::string_view::npos) {
    if (rest.size() > 9) return std::nullopt;  // over 30 years: a typo
    return std::chrono::milliseconds(std::stoll(std::string(rest)) * 1000);
  }
  return parse_go_duration(rest);
}

// The step a <name> stands for, nullopt when it is not one Packer knows.
std::optional<KeyStep> step_for_name(std::u32string_view name) {
  const std::string lower = lower_ascii(name);
  if (auto wait = wait_of(lower)) return KeyStep{KeyStep::Kind::kWait, {}, 0, *wait};
  if (auto code = packer_key(lower)) return KeyStep{KeyStep::Kind::kPress, {}, *code, {}};
  for (auto [suffix, kind] : {std::pair{std::string_view("on"), KeyStep::Kind::kDown},
                              std::pair{std::string_view("off"), KeyStep::Kind::kUp}}) {
    if (lower.size() <= suffix.size() || !lower.ends_with(suffix)) continue;
    const std::string_view base = std::string_view(lower).substr(0, lower.size() - suffix.size());
    if (auto code = packer_key(base)) return KeyStep{kind, {}, *code, {}};
    if (name.size() == suffix.size() + 1) {
      return KeyStep{kind, std::u32string(1, name[0]), 0, {}};  // <aOn>: the layout picks the key
    }
  }
  return std::nullopt;
}

void append_text(std::vector<KeyStep>& steps, char32_t c) {
  if (steps.empty() || steps.back().kind != KeyStep::Kind::kText) {
    steps.push_back(KeyStep{KeyStep::Kind::kText, {}, 0, {}});
  }
  steps.back().text.push_back(c);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_go_duration(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 8> kUnits = {{
      {"ns", 1e-6},
      {"us", 1e-3},
      {"\u00B5s", 1e-3},
      {"\u03BCs", 1e-3},
      {"ms", 1.0},
      {"s", 1e3},
      {"m", 60e3},
      {"h", 3600e3},
  }};
  if (text == "0") return std::chrono::milliseconds(0);
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    const std::string_view number = text.substr(start, i - start);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.')) {
      return std::nullopt;
    }
    const std::pair<std::string_view, double>* unit = nullptr;
    for (const auto& candidate : kUnits) {
      // "ms" before "m", "ns"/"us" before nothing else: take the longest match.
      if (text.substr(i).starts_with(candidate.first) &&
          (!unit || candidate.first.size() > unit->first.size())) {
        unit = &candidate;
      }
    }
    if (!unit) return std::nullopt;
    // strtod, not stod: a number past double's range is HUGE_VAL (refused below), not a throw.
    total_ms += std::strtod(std::string(number).c_str(), nullptr) * unit->second;
    i += unit->first.size();
  }
  if (total_ms > 1e12) return std::nullopt;
  return std::chrono::milliseconds(std::llround(total_ms));
}

std::vector<KeyStep> parse_key_notation(std::string_view notation) {
  const std::u32string text = utf8::decode(notation);
  std::vector<KeyStep> steps;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == U'<') {
      std::size_t end = i + 1;
      while (end < text.size() && is_name_char(text[end])) ++end;
      if (end > i + 1 && end < text.size() && text[end] == U'>') {
        const std::u32string_view name = std::u32string_view(text).substr(i + 1, end - i - 1);
        auto step = step_for_name(name);
        if (!step) {
          throw std::invalid_argument("unknown key <" + utf8::encode(name) + "> at column " +
                                      std::to_string(i + 1) + " of \"" + std::string(notation) +
                                      "\"");
        }
        steps.push_back(std::move(*step));
        i = end + 1;
        continue;
      }
    }
    append_text(steps, text[i]);
    ++i;
  }
  return steps;
}

}  // namespace mks::input
