#include "agent/input/keyboard_layout.h"

#include <array>
#include <cstdio>
#include <map>
#include <span>
#include <stdexcept>
#include <string>

#include "agent/input/utf8.h"

namespace mks::input {
namespace {

// One key of a layout: the character it types plain, with Shift and with AltGr (0: none).
struct KeyCharacters {
  std::uint16_t scancode;
  char32_t plain;
  char32_t shifted;
  char32_t altgr = 0;
};

// US English (ANSI 104), by PC set-1 scancode.
constexpr std::array kUs = {
    KeyCharacters{0x02, U'1', U'!'}, KeyCharacters{0x03, U'2', U'@'},
    KeyCharacters{0x04, U'3', U'#'}, KeyCharacters{0x05, U'4', U'$'},
    KeyCharacters{0x06, U'5', U'%'}, KeyCharacters{0x07, U'6', U'^'},
    KeyCharacters{0x08, U'7', U'&'}, KeyCharacters{0x09, U'8', U'*'},
    KeyCharacters{0x0A, U'9', U'('}, KeyCharacters{0x0B, U'0', U')'},
    KeyCharacters{0x0C, U'-', U'_'}, KeyCharacters{0x0D, U'=', U'+'},
    KeyCharacters{0x0E, U'\b', 0},   KeyCharacters{0x0F, U'\t', 0},
    KeyCharacters{0x10, U'q', U'Q'}, KeyCharacters{0x11, U'w', U'W'},
    KeyCharacters{0x12, U'e', U'E'}, KeyCharacters{0x13, U'r', U'R'},
    KeyCharacters{0x14, U't', U'T'}, KeyCharacters{0x15, U'y', U'Y'},
    KeyCharacters{0x16, U'u', U'U'}, KeyCharacters{0x17, U'i', U'I'},
    KeyCharacters{0x18, U'o', U'O'}, KeyCharacters{0x19, U'p', U'P'},
    KeyCharacters{0x1A, U'[', U'{'}, KeyCharacters{0x1B, U']', U'}'},
    KeyCharacters{0x1C, U'\n', 0},   KeyCharacters{0x1E, U'a', U'A'},
    KeyCharacters{0x1F, U's', U'S'}, KeyCharacters{0x20, U'd', U'D'},
    KeyCharacters{0x21, U'f', U'F'}, KeyCharacters{0x22, U'g', U'G'},
    KeyCharacters{0x23, U'h', U'H'}, KeyCharacters{0x24, U'j', U'J'},
    KeyCharacters{0x25, U'k', U'K'}, KeyCharacters{0x26, U'l', U'L'},
    KeyCharacters{0x27, U';', U':'}, KeyCharacters{0x28, U'\'', U'"'},
    KeyCharacters{0x29, U'`', U'~'}, KeyCharacters{0x2B, U'\\', U'|'},
    KeyCharacters{0x2C, U'z', U'Z'}, KeyCharacters{0x2D, U'x', U'X'},
    KeyCharacters{0x2E, U'c', U'C'}, KeyCharacters{0x2F, U'v', U'V'},
    KeyCharacters{0x30, U'b', U'B'}, KeyCharacters{0x31, U'n', U'N'},
    KeyCharacters{0x32, U'm', U'M'}, KeyCharacters{0x33, U',', U'<'},
    KeyCharacters{0x34, U'.', U'>'}, KeyCharacters{0x35, U'/', U'?'},
    KeyCharacters{0x39, U' ', U' '},
};

// German (QWERTZ, ISO 105) as Linux and Windows have it: AltGr for @ € { [ ] } \ ~ | µ ² ³,
// the ISO key 0x56 for < > |.
constexpr std::array kDe = {
    KeyCharacters{0x29, U'^', U'\u00B0'},
    KeyCharacters{0x02, U'1', U'!'},
    KeyCharacters{0x03, U'2', U'"', U'\u00B2'},
    KeyCharacters{0x04, U'3', U'\u00A7', U'\u00B3'},
    KeyCharacters{0x05, U'4', U'$'},
    KeyCharacters{0x06, U'5', U'%'},
    KeyCharacters{0x07, U'6', U'&'},
    KeyCharacters{0x08, U'7', U'/', U'{'},
    KeyCharacters{0x09, U'8', U'(', U'['},
    KeyCharacters{0x0A, U'9', U')', U']'},
    KeyCharacters{0x0B, U'0', U'=', U'}'},
    KeyCharacters{0x0C, U'\u00DF', U'?', U'\\'},
    KeyCharacters{0x0D, U'\u00B4', U'`'},
    KeyCharacters{0x0E, U'\b', 0},
    KeyCharacters{0x0F, U'\t', 0},
    KeyCharacters{0x10, U'q', U'Q', U'@'},
    KeyCharacters{0x11, U'w', U'W'},
    KeyCharacters{0x12, U'e', U'E', U'\u20AC'},
    KeyCharacters{0x13, U'r', U'R'},
    KeyCharacters{0x14, U't', U'T'},
    KeyCharacters{0x15, U'z', U'Z'},
    KeyCharacters{0x16, U'u', U'U'},
    KeyCharacters{0x17, U'i', U'I'},
    KeyCharacters{0x18, U'o', U'O'},
    KeyCharacters{0x19, U'p', U'P'},
    KeyCharacters{0x1A, U'\u00FC', U'\u00DC'},
    KeyCharacters{0x1B, U'+', U'*', U'~'},
    KeyCharacters{0x1C, U'\n', 0},
    KeyCharacters{0x1E, U'a', U'A'},
    KeyCharacters{0x1F, U's', U'S'},
    KeyCharacters{0x20, U'd', U'D'},
    KeyCharacters{0x21, U'f', U'F'},
    KeyCharacters{0x22, U'g', U'G'},
    KeyCharacters{0x23, U'h', U'H'},
    KeyCharacters{0x24, U'j', U'J'},
    KeyCharacters{0x25, U'k', U'K'},
    KeyCharacters{0x26, U'l', U'L'},
    KeyCharacters{0x27, U'\u00F6', U'\u00D6'},
    KeyCharacters{0x28, U'\u00E4', U'\u00C4'},
    KeyCharacters{0x2B, U'#', U'\''},
    KeyCharacters{0x56, U'<', U'>', U'|'},
    KeyCharacters{0x2C, U'y', U'Y'},
    KeyCharacters{0x2D, U'x', U'X'},
    KeyCharacters{0x2E, U'c', U'C'},
    KeyCharacters{0x2F, U'v', U'V'},
    KeyCharacters{0x30, U'b', U'B'},
    KeyCharacters{0x31, U'n', U'N'},
    KeyCharacters{0x32, U'm', U'M', U'\u00B5'},
    KeyCharacters{0x33, U',', U';'},
    KeyCharacters{0x34, U'.', U':'},
    KeyCharacters{0x35, U'-', U'_'},
    KeyCharacters{0x39, U' ', U' '},
};
// Typed as the dead key followed by Space.
constexpr std::array kDeDead = {U'^', U'\u00B4', U'`'};

// Japanese (JIS 106/109) as a Japanese Linux or Windows guest has it: the Yen key 0x7D and
// the Ro key 0x73 left of Right Shift. Kana and the IME keys type no ASCII and are left out.
constexpr std::array kJp = {
    KeyCharacters{0x02, U'1', U'!'},      KeyCharacters{0x03, U'2', U'"'},
    KeyCharacters{0x04, U'3', U'#'},      KeyCharacters{0x05, U'4', U'$'},
    KeyCharacters{0x06, U'5', U'%'},      KeyCharacters{0x07, U'6', U'&'},
    KeyCharacters{0x08, U'7', U'\''},     KeyCharacters{0x09, U'8', U'('},
    KeyCharacters{0x0A, U'9', U')'},      KeyCharacters{0x0B, U'0', 0},
    KeyCharacters{0x0C, U'-', U'='},      KeyCharacters{0x0D, U'^', U'~'},
    KeyCharacters{0x7D, U'\u00A5', U'|'}, KeyCharacters{0x0E, U'\b', 0},
    KeyCharacters{0x0F, U'\t', 0},        KeyCharacters{0x10, U'q', U'Q'},
    KeyCharacters{0x11, U'w', U'W'},      KeyCharacters{0x12, U'e', U'E'},
    KeyCharacters{0x13, U'r', U'R'},      KeyCharacters{0x14, U't', U'T'},
    KeyCharacters{0x15, U'y', U'Y'},      KeyCharacters{0x16, U'u', U'U'},
    KeyCharacters{0x17, U'i', U'I'},      KeyCharacters{0x18, U'o', U'O'},
    KeyCharacters{0x19, U'p', U'P'},      KeyCharacters{0x1A, U'@', U'`'},
    KeyCharacters{0x1B, U'[', U'{'},      KeyCharacters{0x1C, U'\n', 0},
    KeyCharacters{0x1E, U'a', U'A'},      KeyCharacters{0x1F, U's', U'S'},
    KeyCharacters{0x20, U'd', U'D'},      KeyCharacters{0x21, U'f', U'F'},
    KeyCharacters{0x22, U'g', U'G'},      KeyCharacters{0x23, U'h', U'H'},
    KeyCharacters{0x24, U'j', U'J'},      KeyCharacters{0x25, U'k', U'K'},
    KeyCharacters{0x26, U'l', U'L'},      KeyCharacters{0x27, U';', U'+'},
    KeyCharacters{0x28, U':', U'*'},      KeyCharacters{0x2B, U']', U'}'},
    KeyCharacters{0x2C, U'z', U'Z'},      KeyCharacters{0x2D, U'x', U'X'},
    KeyCharacters{0x2E, U'c', U'C'},      KeyCharacters{0x2F, U'v', U'V'},
    KeyCharacters{0x30, U'b', U'B'},      KeyCharacters{0x31, U'n', U'N'},
    KeyCharacters{0x32, U'm', U'M'},      KeyCharacters{0x33, U',', U'<'},
    KeyCharacters{0x34, U'.', U'>'},      KeyCharacters{0x35, U'/', U'?'},
    KeyCharacters{0x73, U'\\', U'_'},     KeyCharacters{0x39, U' ', U' '},
};

class TableLayout final : public KeyboardLayout {
 public:
  TableLayout(std::string_view name, std::span<const KeyCharacters> keys,
              std::span<const char32_t> dead = {})
      : name_(name) {
    for (const auto& key : keys) {
      by_key_[key.scancode] = key;
      if (key.altgr != 0) by_char_.emplace(key.altgr, KeyStroke{key.scancode, false, true});
      if (key.shifted != 0 && key.shifted != key.plain) {
        by_char_.emplace(key.shifted, KeyStroke{key.scancode, true, false});
      }
      by_char_.emplace(key.plain, KeyStroke{key.scancode, false, false});
    }
    for (char32_t c : dead) by_char_.at(c).dead = true;
  }

  std::string_view name() const override { return name_; }

  std::optional<KeyStroke> stroke_for(char32_t c) const override {
    if (c == U'\r') c = U'\n';
    auto it = by_char_.find(c);
    if (it == by_char_.end()) return std::nullopt;
    return it->second;
  }

  std::optional<char32_t> char_for(const KeyStroke& stroke) const override {
    auto it = by_key_.find(stroke.scancode);
    if (it == by_key_.end()) return std::nullopt;
    const KeyCharacters& key = it->second;
    char32_t c = key.plain;
    if (stroke.altgr) {
      c = stroke.shift ? 0 : key.altgr;
    } else if (stroke.shift && key.shifted != 0) {
      c = key.shifted;
    }
    if (c == 0) return std::nullopt;
    return c;
  }

 private:
  std::string_view name_;
  std::map<std::uint16_t, KeyCharacters> by_key_;
  std::map<char32_t, KeyStroke> by_char_;
};

}  // namespace

KeyStroke KeyboardLayout::require_stroke(char32_t c) const {
  if (auto stroke = stroke_for(c)) return *stroke;
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
  const std::string shown =
      c < 0x20 || c == 0x7F ? std::string() : "\"" + utf8::encode({&c, 1}) + "\" ";
  throw std::invalid_argument("layout \"" + std::string(name()) + "\" has no key for " + shown +
                              "(" + code + ")");
}

const KeyboardLayout& KeyboardLayout::by_name(std::string_view name) {
  static const TableLayout us("us", kUs);
  static const TableLayout de("de", kDe, kDeDead);
  static const TableLayout jp("jp", kJp);
  if (name == "us") return us;
  if (name == "de") return de;
  if (name == "jp") return jp;
  std::string known;
  for (auto n : names()) known += (known.empty() ? "" : ", ") + std::string(n);
  throw std::invalid_argument("unknown keyboard layout \"" + std::string(name) +
                              "\" (known: " + known + ")");
}

std::vector<std::string_view> KeyboardLayout::names() {
  return {"us", "de", "jp"};
}

}  // namespace mks::input
