#include "agent/input/keyboard_layout.h"

#include <array>
#include <map>
#include <stdexcept>
#include <string>

namespace mks::input {
namespace {

// One key of a layout: the character it types plain and with Shift (0: none).
struct KeyCharacters {
  std::uint16_t scancode;
  char32_t plain;
  char32_t shifted;
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

class TableLayout final : public KeyboardLayout {
 public:
  template <std::size_t N>
  TableLayout(std::string_view name, const std::array<KeyCharacters, N>& keys) : name_(name) {
    for (const auto& key : keys) {
      by_key_[key.scancode] = key;
      if (key.shifted != 0 && key.shifted != key.plain) {
        by_char_.emplace(key.shifted, KeyStroke{key.scancode, true, false});
      }
      by_char_.emplace(key.plain, KeyStroke{key.scancode, false, false});
    }
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
    if (it == by_key_.end() || stroke.altgr) return std::nullopt;
    char32_t c = stroke.shift && it->second.shifted != 0 ? it->second.shifted : it->second.plain;
    return c;
  }

 private:
  std::string_view name_;
  std::map<std::uint16_t, KeyCharacters> by_key_;
  std::map<char32_t, KeyStroke> by_char_;
};

}  // namespace

const KeyboardLayout& KeyboardLayout::by_name(std::string_view name) {
  static const TableLayout us("us", kUs);
  if (name == "us") return us;
  std::string known;
  for (auto n : names()) known += (known.empty() ? "" : ", ") + std::string(n);
  throw std::invalid_argument("unknown keyboard layout \"" + std::string(name) +
                              "\" (known: " + known + ")");
}

std::vector<std::string_view> KeyboardLayout::names() {
  return {"us"};
}

}  // namespace mks::input
