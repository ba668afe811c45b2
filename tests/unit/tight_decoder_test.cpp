#include "codecs/tight_decoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>

#include "codecs/jpeg.h"
#include "codecs/tightpng_decoder.h"
#include "tests/unit/decoder_test_helpers.h"
#include "tests/unit/deflater.h"

namespace mks::codecs {
namespace {

using testing::Bytes;

constexpr std::uint8_t kFill = 0x80;
constexpr std::uint8_t kJpeg = 0x90;
constexpr std::uint8_t kFilter = 0x40;  // basic compression with a filter byte

Bytes tpixels(const Image& image, const Rect& r) {
  Bytes out;
  for (int y = r.y; y < r.y + r.h; ++y) {
    for (int x = r.x; x < r.x + r.w; ++x) {
      const Pixel p = image.at(x, y);
      out.insert(out.end(), {red(p), green(p), blue(p)});
    }
  }
  return out;
}

Bytes gradient_residuals(const Image& image, const Rect& r) {
  const Bytes plain = tpixels(image, r);
  const std::size_t row = std::size_t(r.w) * 3;
  Bytes out(plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const std::size_t x = i % row;
    const int up = i >= row ? plain[i - row] : 0;
    const int left = x >= 3 ? plain[i - 3] : 0;
    const int up_left = (i >= row && x >= 3) ? plain[i - row - 3] : 0;
    out[i] = static_cast<std::uint8_t>(plain[i] - std::clamp(left + up - up_left, 0, 255));
  }
  return out;
}

// The server's four streams; `data` is compressed into stream `id` unless short.
struct TightServer {
  std::array<std::unique_ptr<testing::Deflater>, 4> streams;
  TightServer() {
    for (auto& s : streams) s = std::make_unique<testing::Deflater>();
  }
  void append_data(Bytes& out, int id, const Bytes& data) {
    if (data.size() < 12) return codecs::append_bytes(out, data);
    const Bytes z = streams[id]->chunk(data);
    tightpng::append_compact_length(out, z.size());
    codecs::append_bytes(out, z);
  }
};

Image decoded(TightDecoder& decoder, const Bytes& payload, const Rect& r, int w = 64, int h = 48) {
  Image fb(w, h, rgb(1, 2, 3));
  decode_whole(decoder, payload, r, fb);
  return fb.crop(r);
}

TEST(TightDecoder, Fill_PaintsTheTpixel) {
  TightDecoder decoder;
  const Image out = decoded(decoder, {kFill, 10, 20, 30}, {4, 4, 20, 10});
  EXPECT_EQ(out, Image(20, 10, rgb(10, 20, 30)));
}

TEST(TightDecoder, CopyFilter_InEveryStream) {
  const Image picture = testing::test_picture(64, 48);
  TightServer server;
  TightDecoder decoder;
  for (int id = 0; id < 4; ++id) {
    const Rect r{id * 8, id * 4, 40, 30};
    Bytes payload = {static_cast<std::uint8_t>(id << 4)};  // no filter byte: copy
    server.append_data(payload, id, tpixels(picture, r));
    EXPECT_EQ(decoded(decoder, payload, r), picture.crop(r)) << "stream " << id;
  }
}

TEST(TightDecoder, ResetBit_RestartsThatStream) {
  const Image picture = testing::test_picture(64, 48);
  const Rect r{0, 0, 64, 48};
  TightServer server;
  TightDecoder decoder;
  Bytes first = {0x10};
  server.append_data(first, 1, tpixels(picture, r));
  decoded(decoder, first, r);
  server.streams[1] = std::make_unique<testing::Deflater>();
  Bytes second = {0x10 | 0x02};  // stream 1, reset stream 1
  server.append_data(second, 1, tpixels(picture, r));
  EXPECT_EQ(decoded(decoder, second, r), picture.crop(r));
}

TEST(TightDecoder, TwoColourPalette_OneBitPerPixelRowsPadded) {
  const Pixel a = rgb(0, 0, 0), b = rgb(250, 240, 230);
  Image picture(11, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 11; ++x) picture.set(x, y, (x + y) % 3 == 0 ? b : a);
  Bytes indices;  // 2 bytes per row
  for (int y = 0; y < 3; ++y) {
    std::uint16_t bits = 0;
    for (int x = 0; x < 11; ++x)
      if (picture.at(x, y) == b) bits |= 0x8000 >> x;
    indices.insert(indices.end(),
                   {static_cast<std::uint8_t>(bits >> 8), static_cast<std::uint8_t>(bits)});
  }
  TightServer server;
  Bytes payload = {0x20 | kFilter, 1, 1, 0, 0, 0, 250, 240, 230};  // stream 2, palette of 2
  server.append_data(payload, 2, indices);
  TightDecoder decoder;
  EXPECT_EQ(decoded(decoder, payload, {3, 3, 11, 3}), picture);
}

TEST(TightDecoder, ManyColourPalette_ByteIndices_ShortDataUncompressed) {
  Bytes payload = {kFilter, 1, 2, 10, 0, 0, 0, 20, 0, 0, 0, 30};  // palette of 3
  const Bytes indices = {0, 1, 2, 2, 1, 0};                       // 3x2: under 12 bytes, raw
  codecs::append_bytes(payload, indices);
  TightDecoder decoder;
  const Image out = decoded(decoder, payload, {0, 0, 3, 2});
  EXPECT_EQ(out.at(0, 0), rgb(10, 0, 0));
  EXPECT_EQ(out.at(1, 0), rgb(0, 20, 0));
  EXPECT_EQ(out.at(2, 1), rgb(10, 0, 0));
}

TEST(TightDecoder, GradientFilter_UndoesThePrediction) {
  const Image picture = testing::test_picture(64, 48);
  const Rect r{5, 5, 50, 40};
  TightServer server;
  Bytes payload = {0x30 | kFilter, 2};
  server.append_data(payload, 3, gradient_residuals(picture, r));
  TightDecoder decoder;
  EXPECT_EQ(decoded(decoder, payload, r), picture.crop(r));
}

TEST(TightDecoder, Jpeg_DrawsTheImage) {
  const Image picture(32, 16, rgb(40, 120, 200));
  const Bytes jpeg = encode_jpeg(picture, 95);
  Bytes payload = {kJpeg};
  tightpng::append_compact_length(payload, jpeg.size());
  codecs::append_bytes(payload, jpeg);
  TightDecoder decoder;
  const Image out = decoded(decoder, payload, {8, 8, 32, 16});
  EXPECT_NEAR(red(out.at(10, 10)), 40, 4);
  EXPECT_NEAR(blue(out.at(10, 10)), 200, 4);
}

TEST(TightDecoder, MalformedPayloads_Throw) {
  struct Case {
    Bytes payload;
    const char* fragment;
  };
  const Case cases[] = {
      {{0xA0, 1, 0}, "compression type 10"},
      {{kFilter, 7}, "unknown filter 7"},
      {{kFilter, 1, 2, 0, 0, 0, 9, 9, 9, 5, 5, 5, 3, 0, 0, 0, 0, 0}, "palette index 3"},
      {{0x00, 0}, "empty zlib"},
      {{0x00, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
       "Tight"},  // not zlib
  };
  for (const auto& c : cases) {
    TightDecoder decoder;
    Image fb(16, 16);
    testing::expect_decode_error(
        [&] {
          decode_whole(decoder, c.payload, {0, 0, 3, 2}, fb);
        },
        c.fragment);
  }
  TightDecoder decoder;
  Image fb(16, 16);
  testing::expect_decode_error([&] { decoder.begin({0, 15, 2, 2}, fb); }, "outside");
}

TEST(TightDecoder, JpegOfTheWrongSize_Throws) {
  const Bytes jpeg = encode_jpeg(Image(8, 8, rgb(1, 1, 1)), 80);
  Bytes payload = {kJpeg};
  tightpng::append_compact_length(payload, jpeg.size());
  codecs::append_bytes(payload, jpeg);
  TightDecoder decoder;
  Image fb(16, 16);
  testing::expect_decode_error([&] { decode_whole(decoder, payload, {0, 0, 9, 8}, fb); }, "Tight");
}

TEST(TightDecoder, HostilePayloads_NeverCrash) {
  const Image picture = testing::test_picture(64, 48);
  const Rect r{5, 5, 30, 20};
  std::vector<Bytes> samples;
  {
    TightServer server;
    Bytes p = {0x30 | kFilter, 2};
    server.append_data(p, 3, gradient_residuals(picture, r));
    samples.push_back(p);
  }
  {
    TightServer server;
    Bytes p = {0x10};
    server.append_data(p, 1, tpixels(picture, r));
    samples.push_back(p);
  }
  {
    Bytes p = {kJpeg};
    const Bytes jpeg = encode_jpeg(picture.crop(r), 80);
    tightpng::append_compact_length(p, jpeg.size());
    codecs::append_bytes(p, jpeg);
    samples.push_back(p);
  }
  for (const auto& valid : samples) {
    testing::expect_hostile_payloads_rejected([] { return std::make_unique<TightDecoder>(); },
                                              valid, r, 64, 48);
  }
}

}  // namespace
}  // namespace mks::codecs
