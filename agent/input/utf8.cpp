#include "agent/input/utf8.h"

#include <stdexcept>

namespace mks::input::utf8 {
namespace {

// Continuation bytes after a lead byte; -1 for a byte that cannot start a sequence.
int continuation_bytes(unsigned char lead) {
  if (lead < 0x80) return 0;
  if ((lead >> 5) == 0x6) return 1;
  if ((lead >> 4) == 0xE) return 2;
  if ((lead >> 3) == 0x1E) return 3;
  return -1;
}

[[noreturn]] void invalid(std::size_t at) {
  throw std::invalid_argument("text is not valid UTF-8 (byte " + std::to_string(at) + ")");
}

}  // namespace

std::u32string decode(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int extra = continuation_bytes(lead);
    if (extra < 0 || text.size() - i <= static_cast<std::size_t>(extra)) invalid(i);
    char32_t c = extra == 0 ? lead : lead & (0x3Fu >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) invalid(i);
      c = (c << 6) | (next & 0x3Fu);
    }
    out.push_back(c);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::string encode(std::u32string_view text) {
  std::string out;
  auto put = [&out](char32_t byte) { out.push_back(static_cast<char>(byte)); };
  for (char32_t c : text) {
    if (c < 0x80) {
      put(c);
    } else if (c < 0x800) {
      put(0xC0 | (c >> 6));
      put(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      put(0xE0 | (c >> 12));
      put(0x80 | ((c >> 6) & 0x3F));
      put(0x80 | (c & 0x3F));
    } else {
      put(0xF0 | (c >> 18));
      put(0x80 | ((c >> 12) & 0x3F));
      put(0x80 | ((c >> 6) & 0x3F));
      put(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace mks::input::utf8
