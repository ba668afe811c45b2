#include "codecs/tight_decoder.h"

#include <algorithm>
#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"
#include "codecs/jpeg.h"
#include "codecs/tight_filters.h"
#include "codecs/tightpng_decoder.h"

namespace mks::codecs {
namespace {

constexpr std::size_t kTpixelSize = 3;
// Filtered data shorter than this is sent without zlib.
constexpr std::size_t kMinToCompress = 12;
// Control byte, high nibble.
constexpr std::uint8_t kFill = 0x8;
constexpr std::uint8_t kJpeg = 0x9;
constexpr std::uint8_t kExplicitFilter = 0x4;  // basic compression: a filter byte follows
// Filter ids.
constexpr std::uint8_t kCopyFilter = 0;
constexpr std::uint8_t kPaletteFilter = 1;
constexpr std::uint8_t kGradientFilter = 2;
constexpr std::size_t kKeptScratchBytes = 1 << 20;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("Tight: " + what);
}

}  // namespace

TightDecoder::TightDecoder() {
  for (auto& stream : streams_) stream = std::make_unique<ZlibInflater>("Tight");
}

void TightDecoder::begin(const Rect& r, Image& fb) {
  require_inside("Tight", r, fb);
  rect_ = r;
  fb_ = &fb;
  step_ = Step::kControl;
  wanted_ = 1;
}

void TightDecoder::feed(std::span<const std::uint8_t> bytes) {
  switch (step_) {
    case Step::kControl:
      return read_control(bytes[0]);
    case Step::kFill:
      fb_->fill(rect_, load_rgb(bytes.data()));
      return finish();
    case Step::kFilter:
      return read_filter(bytes[0]);
    case Step::kPaletteSize:
      palette_.resize(std::size_t{bytes[0]} + 1);
      step_ = Step::kPalette;
      wanted_ = palette_.size() * kTpixelSize;
      return;
    case Step::kPalette:
      return read_palette(bytes);
    case Step::kLength:
      return read_length_byte(bytes[0]);
    case Step::kJpeg:
      return draw_jpeg(bytes);
    case Step::kData:
      return draw_data(bytes);
    case Step::kDone:
      return;
  }
}

void TightDecoder::finish() {
  step_ = Step::kDone;
  wanted_ = 0;
}

void TightDecoder::read_control(std::uint8_t control) {
  for (int i = 0; i < 4; ++i) {
    if (control & (1 << i)) streams_[i]->reset();
  }
  const std::uint8_t kind = control >> 4;
  jpeg_ = false;
  filter_ = Filter::kCopy;
  if (kind == kFill) {
    step_ = Step::kFill;
    wanted_ = kTpixelSize;
  } else if (kind == kJpeg) {
    jpeg_ = true;
    step_ = Step::kLength;
    wanted_ = 1;
    length_bytes_.clear();
  } else if (kind > kJpeg) {
    fail("unknown compression type " + std::to_string(kind) + " in control byte");
  } else {
    stream_id_ = kind & 0x3;
    if (kind & kExplicitFilter) {
      step_ = Step::kFilter;
      wanted_ = 1;
    } else {
      expect_data();
    }
  }
}

void TightDecoder::read_filter(std::uint8_t filter) {
  if (filter == kCopyFilter) {
    filter_ = Filter::kCopy;
  } else if (filter == kGradientFilter) {
    filter_ = Filter::kGradient;
  } else if (filter == kPaletteFilter) {
    filter_ = Filter::kPalette;
    step_ = Step::kPaletteSize;
    wanted_ = 1;
    return;
  } else {
    fail("unknown filter " + std::to_string(filter));
  }
  expect_data();
}

void TightDecoder::read_palette(std::span<const std::uint8_t> bytes) {
  for (std::size_t i = 0; i < palette_.size(); ++i) {
    palette_[i] = load_rgb(bytes.data() + i * kTpixelSize);
  }
  expect_data();
}

std::size_t TightDecoder::filtered_size() const {
  const std::size_t w = std::size_t(rect_.w), h = std::size_t(rect_.h);
  if (filter_ != Filter::kPalette) return w * h * kTpixelSize;
  return palette_.size() == 2 ? (w + 7) / 8 * h : w * h;
}

void TightDecoder::expect_data() {
  const std::size_t size = filtered_size();
  if (size == 0) {
    finish();
  } else if (size < kMinToCompress) {
    step_ = Step::kData;
    wanted_ = size;
  } else {
    step_ = Step::kLength;
    wanted_ = 1;
    length_bytes_.clear();
  }
}

void TightDecoder::read_length_byte(std::uint8_t b) {
  length_bytes_.push_back(b);
  const auto length = tightpng::read_compact_length(length_bytes_);
  if (!length) return;
  step_ = jpeg_ ? Step::kJpeg : Step::kData;
  wanted_ = length->value;
  if (wanted_ == 0) fail("empty " + std::string(jpeg_ ? "JPEG" : "zlib") + " data");
}

void TightDecoder::draw_jpeg(std::span<const std::uint8_t> data) {
  finish();
  try {
    decode_jpeg_into(data, *fb_, rect_);
  } catch (const DecodeError& e) {
    fail(e.what());
  }
}

void TightDecoder::draw_data(std::span<const std::uint8_t> data) {
  finish();
  const std::size_t size = filtered_size();
  std::span<const std::uint8_t> filtered = data;
  if (size >= kMinToCompress) {
    inflated_.resize(size);
    streams_[stream_id_]->inflate_exact(data, inflated_);
    filtered = inflated_;
  }
  switch (filter_) {
    case Filter::kCopy:
      tight::draw_copy(filtered, rect_, *fb_);
      break;
    case Filter::kGradient:
      tight::draw_gradient(filtered, rect_, *fb_);
      break;
    case Filter::kPalette:
      tight::draw_palette(filtered, palette_, rect_, *fb_);
      break;
  }
  // One screen-sized rectangle must not keep its scratch for the rest of the session.
  if (inflated_.capacity() > kKeptScratchBytes) std::vector<std::uint8_t>().swap(inflated_);
}

}  // namespace mks::codecs
