#include "codecs/hextile_decoder.h"

#include <algorithm>
#include <string>

#include "codecs/byte_order.h"
#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr int kTileSide = 16;
constexpr std::size_t kPixelSize = 4;
// Subencoding mask bits.
constexpr std::uint8_t kRaw = 1;
constexpr std::uint8_t kBackgroundSpecified = 2;
constexpr std::uint8_t kForegroundSpecified = 4;
constexpr std::uint8_t kAnySubrects = 8;
constexpr std::uint8_t kSubrectsColoured = 16;

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("Hextile: " + what);
}

}  // namespace

void HextileDecoder::begin(const Rect& r, Image& fb) {
  require_inside("Hextile", r, fb);
  rect_ = r;
  fb_ = &fb;
  background_ = 0;
  foreground_ = 0;
  tile_ = {r.x, r.y, std::min(kTileSide, r.w), std::min(kTileSide, r.h)};
  if (r.empty()) {
    step_ = Step::kDone;
    wanted_ = 0;
    return;
  }
  start_tile();
}

void HextileDecoder::start_tile() {
  step_ = Step::kSubencoding;
  wanted_ = 1;
}

void HextileDecoder::next_tile() {
  tile_.x += kTileSide;
  if (tile_.x >= rect_.x + rect_.w) {
    tile_.x = rect_.x;
    tile_.y += kTileSide;
  }
  if (tile_.y >= rect_.y + rect_.h) {
    step_ = Step::kDone;
    wanted_ = 0;
    return;
  }
  tile_.w = std::min(kTileSide, rect_.x + rect_.w - tile_.x);
  tile_.h = std::min(kTileSide, rect_.y + rect_.h - tile_.y);
  start_tile();
}

void HextileDecoder::feed(std::span<const std::uint8_t> bytes) {
  switch (step_) {
    case Step::kSubencoding:
      return read_subencoding(bytes[0]);
    case Step::kRaw:
      return read_raw(bytes);
    case Step::kHeader:
      return read_header(bytes);
    case Step::kSubrects:
      return read_subrects(bytes);
    case Step::kDone:
      return;
  }
}

void HextileDecoder::read_subencoding(std::uint8_t subencoding) {
  if (subencoding > 0x1F) fail("unknown subencoding bits " + std::to_string(subencoding));
  subencoding_ = subencoding;
  if (subencoding & kRaw) {
    step_ = Step::kRaw;
    wanted_ = std::size_t(tile_.w) * std::size_t(tile_.h) * kPixelSize;
    return;
  }
  wanted_ = ((subencoding & kBackgroundSpecified) ? kPixelSize : 0) +
            ((subencoding & kForegroundSpecified) ? kPixelSize : 0) +
            ((subencoding & kAnySubrects) ? 1 : 0);
  if (wanted_ > 0) {
    step_ = Step::kHeader;
    return;
  }
  fb_->fill(tile_, background_);
  next_tile();
}

void HextileDecoder::read_raw(std::span<const std::uint8_t> bytes) {
  for (int y = 0; y < tile_.h; ++y) {
    Pixel* row = fb_->row(tile_.y + y) + tile_.x;
    for (int x = 0; x < tile_.w; ++x, bytes = bytes.subspan(kPixelSize)) {
      row[x] = load_bgrx(bytes.data());
    }
  }
  next_tile();
}

void HextileDecoder::read_header(std::span<const std::uint8_t> bytes) {
  if (subencoding_ & kBackgroundSpecified) {
    background_ = load_bgrx(bytes.data());
    bytes = bytes.subspan(kPixelSize);
  }
  if (subencoding_ & kForegroundSpecified) {
    foreground_ = load_bgrx(bytes.data());
    bytes = bytes.subspan(kPixelSize);
  }
  fb_->fill(tile_, background_);
  const std::size_t count = (subencoding_ & kAnySubrects) ? bytes[0] : 0;
  if (count == 0) return next_tile();
  step_ = Step::kSubrects;
  wanted_ = count * ((subencoding_ & kSubrectsColoured) ? kPixelSize + 2 : 2);
}

void HextileDecoder::read_subrects(std::span<const std::uint8_t> bytes) {
  const bool coloured = (subencoding_ & kSubrectsColoured) != 0;
  while (!bytes.empty()) {
    Pixel colour = foreground_;
    if (coloured) {
      colour = load_bgrx(bytes.data());
      bytes = bytes.subspan(kPixelSize);
    }
    const std::uint8_t xy = bytes[0];
    const std::uint8_t wh = bytes[1];
    bytes = bytes.subspan(2);
    const Rect sub{tile_.x + (xy >> 4), tile_.y + (xy & 15), (wh >> 4) + 1, (wh & 15) + 1};
    if (sub.x + sub.w > tile_.x + tile_.w || sub.y + sub.h > tile_.y + tile_.h) {
      fail("subrectangle " + rect_text(sub) + " outside its tile " + rect_text(tile_));
    }
    fb_->fill(sub, colour);
  }
  next_tile();
}

}  // namespace mks::codecs
