#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "codecs/rect_decoder.h"

namespace mks::codecs {

// Hextile (encoding 5, RFC 6143 §7.7.4): 16x16 tiles, each a subencoding byte, then raw
// pixels or background / foreground / subrectangles. No length anywhere: the tile headers say
// how many bytes follow, so it is read one piece at a time.
class HextileDecoder : public RectDecoder {
 public:
  void begin(const Rect& r, Image& fb) override;
  std::size_t wanted() const override { return wanted_; }
  void feed(std::span<const std::uint8_t> bytes) override;

 private:
  enum class Step { kSubencoding, kRaw, kHeader, kSubrects, kDone };
  void start_tile();
  void read_subencoding(std::uint8_t subencoding);
  void read_raw(std::span<const std::uint8_t> bytes);
  void read_header(std::span<const std::uint8_t> bytes);
  void read_subrects(std::span<const std::uint8_t> bytes);
  void next_tile();

  Rect rect_;
  Image* fb_ = nullptr;
  Rect tile_;
  Step step_ = Step::kDone;
  std::size_t wanted_ = 0;
  std::uint8_t subencoding_ = 0;
  // Carried from tile to tile when a tile does not specify them.
  Pixel background_ = 0;
  Pixel foreground_ = 0;
};

}  // namespace mks::codecs
