#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "codecs/image.h"

namespace mks::codecs {

// zlib level and PNG row filter. The defaults are the measured fast setting for console
// screenshots (mks-bench-codecs, 1024x768 text console: level 1/none 3.7 ms 62 KB, 3/none
// 4.7 ms 44 KB, 6/none 9.2 ms 32 KB, 1/adaptive 11.3 ms 53 KB). For photo-like screens
// {1, true} is both faster and ~40% smaller than the default.
struct PngEncodeOptions {
  int compression_level = 1;
  bool adaptive_filter = false;  // false: filter "none" for every row
};

// RGB PNG of the image (the X byte is dropped).
std::vector<std::uint8_t> encode_png(const Image& image, const PngEncodeOptions& options = {});
// Writes via a temporary file in the same folder and a rename, so a reader never sees a
// half-written file. Throws std::runtime_error naming the path on failure.
void write_png_file(const Image& image, const std::filesystem::path& path,
                    const PngEncodeOptions& options = {});

// Any PNG (grey, palette, RGB, with or without alpha, 8/16 bit, interlaced) to an Image.
// The top byte of each pixel is the PNG's alpha (0xFF when it has none). Throws
// DecodeError for malformed data or sides over Image::kMaxSide.
Image decode_png(std::span<const std::uint8_t> data);
// Decodes straight into the area `at` of `dst` (no intermediate image). The PNG must be
// exactly at.w x at.h; that is checked from its header before anything is allocated or
// written. Throws DecodeError for a size mismatch, malformed data or `at` outside `dst`.
void decode_png_into(std::span<const std::uint8_t> data, Image& dst, const Rect& at);
Image read_png_file(const std::filesystem::path& path);

}  // namespace mks::codecs
