#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "codecs/rect_decoder.h"
#include "codecs/zlib_inflater.h"

namespace mks::codecs {

// Tight (encoding 7, rfbproto "Tight"): a control byte whose low four bits reset the four
// connection-wide zlib streams and whose high bits pick fill (one TPIXEL), JPEG (compact
// length + JPEG) or basic compression (optional filter: copy, palette of 1..256 colours or
// gradient; then the filtered data, raw below 12 bytes, else compact length + zlib data of
// the stream the control names). TPIXELs are 3 bytes R,G,B for the 32-bit depth-24 format.
class TightDecoder : public RectDecoder {
 public:
  TightDecoder();
  void begin(const Rect& r, Image& fb) override;
  std::size_t wanted() const override { return wanted_; }
  void feed(std::span<const std::uint8_t> bytes) override;

 private:
  enum class Step {
    kControl,
    kFill,
    kFilter,
    kPaletteSize,
    kPalette,
    kLength,  // compact length, read one byte at a time
    kJpeg,
    kData,
    kDone,
  };
  enum class Filter { kCopy, kPalette, kGradient };

  void read_control(std::uint8_t control);
  void read_filter(std::uint8_t filter);
  void read_palette(std::span<const std::uint8_t> bytes);
  void read_length_byte(std::uint8_t b);
  void expect_data();
  void draw_data(std::span<const std::uint8_t> data);
  void draw_jpeg(std::span<const std::uint8_t> data);
  std::size_t filtered_size() const;
  void finish();

  std::array<std::unique_ptr<ZlibInflater>, 4> streams_;
  Rect rect_;
  Image* fb_ = nullptr;
  Step step_ = Step::kDone;
  std::size_t wanted_ = 0;
  bool jpeg_ = false;
  int stream_id_ = 0;
  Filter filter_ = Filter::kCopy;
  std::vector<Pixel> palette_;
  std::vector<std::uint8_t> length_bytes_;
  std::vector<std::uint8_t> inflated_;
};

}  // namespace mks::codecs
