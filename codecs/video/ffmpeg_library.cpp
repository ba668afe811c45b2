#include "codecs/video/ffmpeg_library.h"

extern "C" {
#include <libavutil/ffversion.h>
}

#include "codecs/shared_library.h"

namespace mks::codecs::video {
namespace {

std::string soname(const char* library, int major) {
  return "lib" + std::string(library) + ".so." + std::to_string(major);
}

FfmpegFunctions load_ffmpeg() {
  // libavformat brings libavcodec and libavutil; their symbols are found through it.
  const SharedLibraries libraries(
      {soname("avformat", LIBAVFORMAT_VERSION_MAJOR), soname("avcodec", LIBAVCODEC_VERSION_MAJOR),
       soname("avutil", LIBAVUTIL_VERSION_MAJOR), soname("swscale", LIBSWSCALE_VERSION_MAJOR)},
      "recording needs FFmpeg's libraries",
      "libavformat" + std::to_string(LIBAVFORMAT_VERSION_MAJOR) + " libswscale" +
          std::to_string(LIBSWSCALE_VERSION_MAJOR));
  FfmpegFunctions functions{};
#define MKS_FFMPEG_LOAD(name) functions.name = libraries.function<decltype(&::name)>(#name);
  MKS_FFMPEG_FUNCTIONS(MKS_FFMPEG_LOAD)
#undef MKS_FFMPEG_LOAD
  return functions;
}

}  // namespace

const FfmpegFunctions& ffmpeg() {
  static const FfmpegFunctions functions = load_ffmpeg();
  return functions;
}

std::string ffmpeg_build_version() {
  return FFMPEG_VERSION;
}

}  // namespace mks::codecs::video
