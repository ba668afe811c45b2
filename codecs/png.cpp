#include "codecs/png.h"

#include <png.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

#include "codecs/decode_error.h"

// libpng reports errors by longjmp. Every function below that calls setjmp is C-style: no
// object with a destructor lives in it, and the libpng structs are owned by RAII holders in
// the calling (C++) frame, so a longjmp never skips a destructor.
namespace mks::codecs {
namespace {

constexpr std::size_t kBytesPerPixel = 4;
constexpr png_alloc_size_t kMaxChunkBytes = 8 * 1024 * 1024;

struct ErrorText {
  char text[200] = "unknown libpng error";
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<ErrorText*>(png_get_error_ptr(png));
  if (error != nullptr && message != nullptr) {
    std::strncpy(error->text, message, sizeof(error->text) - 1);
    error->text[sizeof(error->text) - 1] = '\0';
  }
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// ---- encoding ----

void on_png_write(png_structp png, png_bytep data, png_size_t size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  bool ok = true;
  try {
    out->insert(out->end(), data, data + size);
  } catch (const std::bad_alloc&) {
    ok = false;
  }
  if (!ok) png_error(png, "out of memory");
}

void on_png_flush(png_structp) {}

class PngWriter {
 public:
  explicit PngWriter(ErrorText& error) {
    png_ = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error, on_png_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (png_ == nullptr || info_ == nullptr) {
      png_destroy_write_struct(&png_, &info_);
      throw std::bad_alloc();
    }
  }
  ~PngWriter() { png_destroy_write_struct(&png_, &info_); }
  PngWriter(const PngWriter&) = delete;
  PngWriter& operator=(const PngWriter&) = delete;
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

bool write_png_rows(png_structp png, png_infop info, const Image& image,
                    const PngEncodeOptions& options) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width()),
               static_cast<png_uint_32>(image.height()), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, options.compression_level);
  png_set_filter(png, PNG_FILTER_TYPE_BASE,
                 options.adaptive_filter ? PNG_ALL_FILTERS : PNG_FILTER_NONE);
  png_write_info(png, info);
  // Memory holds B,G,R,X: libpng swaps to RGB and drops the X byte itself.
  png_set_bgr(png);
  png_set_filler(png, 0, PNG_FILLER_AFTER);
  for (int y = 0; y < image.height(); ++y) {
    png_write_row(png, reinterpret_cast<png_const_bytep>(image.row(y)));
  }
  png_write_end(png, nullptr);
  return true;
}

// ---- decoding ----

struct ReadSource {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  std::size_t offset = 0;
};

void on_png_read(png_structp png, png_bytep out, png_size_t size) {
  auto* source = static_cast<ReadSource*>(png_get_io_ptr(png));
  if (size > source->size - source->offset) png_error(png, "truncated data");
  std::memcpy(out, source->data + source->offset, size);
  source->offset += size;
}

class PngReader {
 public:
  PngReader(ErrorText& error, ReadSource& source) {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error, on_png_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (png_ == nullptr || info_ == nullptr) {
      png_destroy_read_struct(&png_, &info_, nullptr);
      throw std::bad_alloc();
    }
    png_set_read_fn(png_, &source, on_png_read);
    png_set_user_limits(png_, Image::kMaxSide, Image::kMaxSide);
    png_set_chunk_malloc_max(png_, kMaxChunkBytes);
  }
  ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

struct PngLayout {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int passes = 1;
  png_size_t row_bytes = 0;
};

// Every colour type, depth and interlacing becomes 8-bit B,G,R,A rows.
void request_bgra_rows(png_structp png, int bit_depth, int color_type, png_infop info) {
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (bit_depth == 16) png_set_strip_16(png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) {
    png_set_gray_to_rgb(png);
  }
  png_set_bgr(png);
  png_set_filler(png, 0xFF, PNG_FILLER_AFTER);  // no effect when alpha is present
}

bool read_png_layout(png_structp png, png_infop info, PngLayout& layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  int bit_depth = 0;
  int color_type = 0;
  png_get_IHDR(png, info, &layout.width, &layout.height, &bit_depth, &color_type, nullptr, nullptr,
               nullptr);
  request_bgra_rows(png, bit_depth, color_type, info);
  layout.passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  layout.row_bytes = png_get_rowbytes(png, info);
  return true;
}

bool read_png_rows(png_structp png, png_infop info, const PngLayout& layout,
                   std::uint8_t* first_row, std::size_t stride) {
  if (setjmp(png_jmpbuf(png))) return false;
  for (int pass = 0; pass < layout.passes; ++pass) {
    for (png_uint_32 y = 0; y < layout.height; ++y) {
      png_read_row(png, first_row + y * stride, nullptr);
    }
  }
  png_read_end(png, info);
  return true;
}

[[noreturn]] void fail(const std::string& what) {
  throw DecodeError("PNG: " + what);
}

void check_signature(std::span<const std::uint8_t> data) {
  if (data.size() < 8 || png_sig_cmp(data.data(), 0, 8) != 0) fail("not a PNG (bad signature)");
}

std::string size_text(png_uint_32 w, png_uint_32 h) {
  return std::to_string(w) + "x" + std::to_string(h);
}

void check_size(png_uint_32 width, png_uint_32 height, const Rect& at) {
  if (width != static_cast<png_uint_32>(at.w) || height != static_cast<png_uint_32>(at.h)) {
    fail("image is " + size_text(width, height) + ", expected " + size_text(at.w, at.h));
  }
}

// IHDR must come first (PNG spec 5.6), so a wrong size is refused before libpng reads on.
void check_ihdr_size(std::span<const std::uint8_t> data, const Rect& at) {
  constexpr std::size_t kIhdrEnd = 24;
  if (data.size() < kIhdrEnd || std::memcmp(&data[12], "IHDR", 4) != 0) return;
  check_size(png_get_uint_32(&data[16]), png_get_uint_32(&data[20]), at);
}

}  // namespace

std::vector<std::uint8_t> encode_png(const Image& image, const PngEncodeOptions& options) {
  if (image.empty()) throw std::invalid_argument("encode_png: empty image");
  ErrorText error;
  PngWriter writer(error);
  std::vector<std::uint8_t> out;
  out.reserve(static_cast<std::size_t>(image.width()) * image.height() / 4 + 1024);
  png_set_write_fn(writer.png(), &out, on_png_write, on_png_flush);
  if (!write_png_rows(writer.png(), writer.info(), image, options)) {
    throw std::runtime_error(std::string("PNG encode failed: ") + error.text);
  }
  return out;
}

void decode_png_into(std::span<const std::uint8_t> data, Image& dst, const Rect& at) {
  if (at.empty()) fail("empty target rectangle");
  if (!dst.contains(at)) fail("target rectangle outside the image");
  check_signature(data);
  check_ihdr_size(data, at);
  ErrorText error;
  ReadSource source{data.data(), data.size(), 0};
  PngReader reader(error, source);
  PngLayout layout;
  if (!read_png_layout(reader.png(), reader.info(), layout)) fail(error.text);
  check_size(layout.width, layout.height, at);
  if (layout.row_bytes != layout.width * kBytesPerPixel) fail("unexpected row layout");
  auto* first_row = reinterpret_cast<std::uint8_t*>(dst.row(at.y) + at.x);
  const std::size_t stride = static_cast<std::size_t>(dst.width()) * kBytesPerPixel;
  if (!read_png_rows(reader.png(), reader.info(), layout, first_row, stride)) fail(error.text);
}

Image decode_png(std::span<const std::uint8_t> data) {
  check_signature(data);
  ErrorText error;
  ReadSource source{data.data(), data.size(), 0};
  PngReader reader(error, source);
  PngLayout layout;
  if (!read_png_layout(reader.png(), reader.info(), layout)) fail(error.text);
  if (layout.row_bytes != layout.width * kBytesPerPixel) fail("unexpected row layout");
  Image image(static_cast<int>(layout.width), static_cast<int>(layout.height));
  auto* first_row = reinterpret_cast<std::uint8_t*>(image.pixels().data());
  const std::size_t stride = layout.width * kBytesPerPixel;
  if (!read_png_rows(reader.png(), reader.info(), layout, first_row, stride)) fail(error.text);
  return image;
}

Image read_png_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + path.string());
  return decode_png(bytes);
}

void write_png_file(const Image& image, const std::filesystem::path& path,
                    const PngEncodeOptions& options) {
  const std::vector<std::uint8_t> bytes = encode_png(image, options);
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(tmp, ignored);
      throw std::runtime_error("cannot write PNG " + path.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write PNG " + path.string() + ": " + ec.message());
  }
}

}  // namespace mks::codecs
