#include "codecs/video/ffmpeg_error.h"

extern "C" {
#include <libavutil/error.h>
}

namespace mks::codecs::video {

std::string ffmpeg_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

int check(int code, const std::string& doing) {
  if (code < 0) throw VideoError(doing + ": " + ffmpeg_error_text(code));
  return code;
}

}  // namespace mks::codecs::video
