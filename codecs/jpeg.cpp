#include "codecs/jpeg.h"

#include <turbojpeg.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "codecs/decode_error.h"

namespace mks::codecs {
namespace {

constexpr int kBytesPerPixel = 4;
constexpr int kFullChromaQuality = 90;
// Progressive JPEGs with absurd scan counts are a known CPU-exhaustion attack; TurboJPEG
// refuses them with this flag. Warnings (e.g. premature end of data) count as errors.
constexpr int kDecodeFlags = TJFLAG_LIMITSCANS | TJFLAG_STOPONWARNING;

class TjHandle {
 public:
  explicit TjHandle(tjhandle handle) : handle_(handle) {
    if (handle_ == nullptr) throw std::runtime_error("TurboJPEG: cannot create a handle");
  }
  ~TjHandle() { tjDestroy(handle_); }
  TjHandle(const TjHandle&) = delete;
  TjHandle& operator=(const TjHandle&) = delete;
  tjhandle get() const { return handle_; }

 private:
  tjhandle handle_;
};

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("JPEG: " + what);
}

struct JpegSize {
  int width = 0;
  int height = 0;
};

JpegSize read_header(const TjHandle& tj, std::span<const std::uint8_t> data) {
  if (data.empty()) fail("empty data");
  int width = 0;
  int height = 0;
  int subsampling = 0;
  int colorspace = 0;
  if (tjDecompressHeader3(tj.get(), data.data(), static_cast<unsigned long>(data.size()), &width,
                          &height, &subsampling, &colorspace) != 0) {
    fail(tjGetErrorStr2(tj.get()));
  }
  if (width <= 0 || height <= 0 || width > Image::kMaxSide || height > Image::kMaxSide) {
    fail("size " + std::to_string(width) + "x" + std::to_string(height) + " out of range");
  }
  return {width, height};
}

void decompress(const TjHandle& tj, std::span<const std::uint8_t> data, JpegSize size,
                Pixel* first_row, int stride_pixels) {
  if (tjDecompress2(tj.get(), data.data(), static_cast<unsigned long>(data.size()),
                    reinterpret_cast<unsigned char*>(first_row), size.width,
                    stride_pixels * kBytesPerPixel, size.height, TJPF_BGRX, kDecodeFlags) != 0) {
    fail(tjGetErrorStr2(tj.get()));
  }
}

}  // namespace

Image decode_jpeg(std::span<const std::uint8_t> data) {
  TjHandle tj(tjInitDecompress());
  const JpegSize size = read_header(tj, data);
  Image image(size.width, size.height);
  decompress(tj, data, size, image.pixels().data(), size.width);
  return image;
}

void decode_jpeg_into(std::span<const std::uint8_t> data, Image& dst, const Rect& at) {
  if (at.empty() || !dst.contains(at)) fail("target rectangle outside the image");
  TjHandle tj(tjInitDecompress());
  const JpegSize size = read_header(tj, data);
  if (size.width != at.w || size.height != at.h) {
    fail("image is " + std::to_string(size.width) + "x" + std::to_string(size.height) +
         ", expected " + std::to_string(at.w) + "x" + std::to_string(at.h));
  }
  decompress(tj, data, size, dst.row(at.y) + at.x, dst.width());
}

std::vector<std::uint8_t> encode_jpeg(const Image& image, int quality) {
  if (image.empty()) throw std::invalid_argument("encode_jpeg: empty image");
  if (quality < 1 || quality > 100) throw std::invalid_argument("encode_jpeg: quality 1..100");
  TjHandle tj(tjInitCompress());
  unsigned char* jpeg = nullptr;
  unsigned long jpeg_size = 0;
  const int subsampling = quality >= kFullChromaQuality ? TJSAMP_444 : TJSAMP_420;
  const int rc =
      tjCompress2(tj.get(), reinterpret_cast<const unsigned char*>(image.pixels().data()),
                  image.width(), image.width() * kBytesPerPixel, image.height(), TJPF_BGRX, &jpeg,
                  &jpeg_size, subsampling, quality, 0);
  const std::unique_ptr<unsigned char, decltype(&tjFree)> owner(jpeg, &tjFree);
  if (rc != 0)
    throw std::runtime_error(std::string("JPEG encode failed: ") + tjGetErrorStr2(tj.get()));
  return std::vector<std::uint8_t>(jpeg, jpeg + jpeg_size);
}

}  // namespace mks::codecs
