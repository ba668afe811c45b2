#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mks::sim {

// Builds an outgoing RFB message; every integer is big-endian (network order).
class ByteWriter {
 public:
  ByteWriter& u8(std::uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  ByteWriter& u16(std::uint16_t v) { return u8(static_cast<std::uint8_t>(v >> 8)).u8(v & 0xFF); }
  ByteWriter& u32(std::uint32_t v) {
    return u16(static_cast<std::uint16_t>(v >> 16)).u16(v & 0xFFFF);
  }
  ByteWriter& s32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  ByteWriter& bytes(std::span<const std::uint8_t> data) {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return *this;
  }
  ByteWriter& text(std::string_view s) {
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  ByteWriter& zeros(std::size_t n) {
    bytes_.insert(bytes_.end(), n, 0);
    return *this;
  }

  std::size_t size() const { return bytes_.size(); }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace mks::sim
