#pragma once

// Reads a fuzz input front to back: the leading bytes shape the case (sizes, a selector),
// the rest is the payload an untrusted peer would send.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "codecs/image.h"

namespace mks::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size) : bytes_(data, size) {}

  bool empty() const { return bytes_.empty(); }
  std::size_t size() const { return bytes_.size(); }
  // 0 once the input is used up (cases still get built, with zero sizes).
  std::uint8_t byte() {
    if (bytes_.empty()) return 0;
    const std::uint8_t b = bytes_[0];
    bytes_ = bytes_.subspan(1);
    return b;
  }
  std::uint16_t u16() { return static_cast<std::uint16_t>((byte() << 8) | byte()); }
  // Up to `n` bytes (fewer when the input ends).
  std::span<const std::uint8_t> take(std::size_t n) {
    const auto part = bytes_.first(std::min(n, bytes_.size()));
    bytes_ = bytes_.subspan(part.size());
    return part;
  }
  std::span<const std::uint8_t> rest() { return take(bytes_.size()); }
  std::string rest_as_text() {
    const auto part = rest();
    return {part.begin(), part.end()};
  }

  // A small framebuffer, 1..128 pixels a side, so the fuzzer spends its time in the parsers.
  codecs::Image framebuffer() {
    const int width = byte() % 128 + 1;
    const int height = byte() % 128 + 1;
    return codecs::Image(width, height);
  }
  // A rectangle that may reach past a framebuffer of up to 128 a side (the decoders must
  // refuse those): x, y, w, h one byte each.
  codecs::Rect rect() {
    codecs::Rect r;
    r.x = byte();
    r.y = byte();
    r.w = byte();
    r.h = byte();
    return r;
  }

 private:
  std::span<const std::uint8_t> bytes_;
};

}  // namespace mks::fuzz
