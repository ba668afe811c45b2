#pragma once

#include <string>

#include "codecs/video/video_settings.h"

namespace mks::codecs::video {

// FFmpeg's text for an AVERROR code.
std::string ffmpeg_error_text(int code);

// Throws VideoError("<doing>: <FFmpeg's text>") when `code` is negative; returns it otherwise.
int check(int code, const std::string& doing);

}  // namespace mks::codecs::video
