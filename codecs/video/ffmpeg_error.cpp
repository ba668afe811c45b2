#include "codecs/video/ffmpeg_error.h"

#include "codecs/video/ffmpeg_library.h"

namespace mks::codecs::video {

std::string ffmpeg_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  ffmpeg().av_strerror(code, text, sizeof text);
  return text;
}

int check(int code, const std::string& doing) {
  if (code < 0) throw VideoError(doing + ": " + ffmpeg_error_text(code));
  return code;
}

}  // namespace mks::codecs::video
