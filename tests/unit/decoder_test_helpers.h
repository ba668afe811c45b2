#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"
#include "codecs/image.h"
#include "codecs/rect_decoder.h"

// Shared by the tests of the RectDecoder encodings (Zlib, Hextile, ZRLE, Tight).
namespace mks::testing {

using Bytes = std::vector<std::uint8_t>;
using DecoderFactory = std::function<std::unique_ptr<codecs::RectDecoder>()>;

inline void append_bgrx(Bytes& out, codecs::Pixel p) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(p >> (8 * i)));
}

inline Bytes with_u32_length(const Bytes& data) {
  Bytes out;
  codecs::append_be32(out, static_cast<std::uint32_t>(data.size()));
  codecs::append_bytes(out, data);
  return out;
}

// A picture with edges, flat areas and noise, so every filter and subencoding has work.
inline codecs::Image test_picture(int w, int h) {
  codecs::Image image(w, h);
  std::mt19937 random(7);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      codecs::Pixel p = (x / 8 + y / 8) % 2 ? codecs::rgb(200, 30, 30) : codecs::rgb(0, 0, 90);
      if (y > h / 2)
        p = codecs::rgb(static_cast<std::uint8_t>(x * 3), static_cast<std::uint8_t>(y), 128);
      if (x > 3 * w / 4) p = random() & 0xFFFFFF;
      image.set(x, y, p);
    }
  }
  return image;
}

inline void expect_decode_error(const std::function<void()>& work, const std::string& fragment) {
  try {
    work();
    ADD_FAILURE() << "no DecodeError, expected one mentioning \"" << fragment << "\"";
  } catch (const codecs::DecodeError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

// Every truncation of a valid payload is a DecodeError; random corruptions decode or throw
// DecodeError, and nothing else (ASan/UBSan catch the rest).
inline void expect_hostile_payloads_rejected(const DecoderFactory& make, const Bytes& valid,
                                             const codecs::Rect& r, int fb_w, int fb_h) {
  for (std::size_t n = 0; n < valid.size(); n += 1 + valid.size() / 200) {
    codecs::Image fb(fb_w, fb_h);
    auto decoder = make();
    EXPECT_THROW(codecs::decode_whole(*decoder, std::span(valid).first(n), r, fb),
                 codecs::DecodeError)
        << "truncated to " << n << " bytes";
  }
  std::mt19937 random(42);
  for (int trial = 0; trial < 300; ++trial) {
    Bytes bad = valid;
    const int flips = 1 + static_cast<int>(random() % 4);
    for (int i = 0; i < flips; ++i)
      bad[random() % bad.size()] = static_cast<std::uint8_t>(random());
    codecs::Image fb(fb_w, fb_h);
    auto decoder = make();
    try {
      codecs::decode_whole(*decoder, bad, r, fb);
    } catch (const codecs::DecodeError&) {
    }
  }
}

}  // namespace mks::testing
