#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "codecs/image.h"

namespace mks::codecs {

// A decoder for an encoding whose payload length is only learned while reading it (Hextile
// has no length at all; Tight has compact lengths; Zlib and ZRLE a u32). The protocol reader
// asks wanted() and feeds exactly that many bytes until wanted() is 0, so it never reads
// past the rectangle. Decoders of zlib-based encodings keep their streams between
// rectangles: one object per connection.
class RectDecoder {
 public:
  virtual ~RectDecoder() = default;

  // Starts a rectangle drawn into `fb`, which must outlive the rectangle. Throws DecodeError
  // when r is outside fb.
  virtual void begin(const Rect& r, Image& fb) = 0;
  // Bytes the next feed() takes; 0 once the rectangle is complete.
  virtual std::size_t wanted() const = 0;
  // Exactly wanted() bytes. Throws DecodeError for anything malformed or oversized.
  virtual void feed(std::span<const std::uint8_t> bytes) = 0;
};

// Decodes one whole payload (tests, benchmarks, fuzzing): DecodeError when the payload is
// truncated or has bytes left after the rectangle.
void decode_whole(RectDecoder& decoder, std::span<const std::uint8_t> payload, const Rect& r,
                  Image& fb);

// "WxH+X+Y" for error messages.
std::string rect_text(const Rect& r);
// Throws DecodeError("<encoding>: rectangle ... outside the WxH framebuffer") unless fb holds r.
void require_inside(const char* encoding, const Rect& r, const Image& fb);

}  // namespace mks::codecs
