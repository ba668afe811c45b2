#pragma once

// Server-to-client RFB / WebMKS messages as bytes, for scripting FakeByteStream.
#include <cstdint>
#include <string_view>
#include <vector>

#include "fake_byte_stream.h"

namespace mks::testing {

inline void be16(Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void be32(Bytes& out, std::uint32_t v) {
  be16(out, v >> 16);
  be16(out, v & 0xFFFF);
}
inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

struct PixelFormat {
  std::uint8_t bpp = 32, depth = 24, big_endian = 0, true_colour = 1;
  std::uint16_t max = 255;
  std::uint8_t red_shift = 16, green_shift = 8, blue_shift = 0;
};

inline Bytes server_init(int w, int h, std::string_view name, PixelFormat pf = {}) {
  Bytes out;
  be16(out, static_cast<std::uint32_t>(w));
  be16(out, static_cast<std::uint32_t>(h));
  out.insert(out.end(), {pf.bpp, pf.depth, pf.big_endian, pf.true_colour});
  for (int i = 0; i < 3; ++i) be16(out, pf.max);
  out.insert(out.end(), {pf.red_shift, pf.green_shift, pf.blue_shift, 0, 0, 0});
  be32(out, static_cast<std::uint32_t>(name.size()));
  out.insert(out.end(), name.begin(), name.end());
  return out;
}

inline Bytes update_header(std::uint8_t id, std::uint16_t rects) {
  Bytes out{0, id};
  be16(out, rects);
  return out;
}

inline Bytes rect_header(int x, int y, int w, int h, std::int32_t encoding) {
  Bytes out;
  for (int v : {x, y, w, h}) be16(out, static_cast<std::uint32_t>(v));
  be32(out, static_cast<std::uint32_t>(encoding));
  return out;
}

// Raw rectangle of one colour (pixels B,G,R,X).
inline Bytes raw_rect(int x, int y, int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Bytes out = rect_header(x, y, w, h, 0);
  for (int i = 0; i < w * h; ++i) out.insert(out.end(), {b, g, r, 0});
  return out;
}

inline Bytes fill_rect(int x, int y, int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Bytes out = rect_header(x, y, w, h, -260);
  out.insert(out.end(), {0x80, r, g, b});
  return out;
}

inline Bytes vmware_message(std::uint8_t id, const Bytes& payload) {
  Bytes out{127, id};
  be16(out, static_cast<std::uint32_t>(payload.size() + 4));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

inline Bytes server_caps(std::uint32_t caps) {
  Bytes payload;
  be32(payload, caps);
  return vmware_message(0, payload);
}

inline Bytes be32_bytes(std::uint32_t v) {
  Bytes out;
  be32(out, v);
  return out;
}

}  // namespace mks::testing
