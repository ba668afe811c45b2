#pragma once

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace mks::codecs::video {

// The video cannot be created, encoded or written (unknown format, missing encoder, disk
// full). The message names the file.
class VideoError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Chosen by the file name: .mp4 (fragmented MP4), .mkv (Matroska), .webm (WebM). All three
// are written so that a file cut off at any point plays up to its last complete fragment.
enum class Container { kMp4, kMatroska, kWebm };

// Throws VideoError for any other extension.
Container container_for(const std::filesystem::path& file);

struct VideoSettings {
  // h264 (libx264), vp9 (libvpx-vp9) or av1 (libsvtav1, else libaom-av1). Empty: the
  // container's default (h264; vp9 for .webm).
  std::string codec;
  // Constant-quality factor in the codec's own scale; 0 picks the default (x264 crf 28,
  // vp9 crf 40, av1 crf 40).
  int quality = 0;
  // Frames are timed by when they arrived; never more than this many per second.
  int max_fps = 30;
  // A fragment (MP4) or cluster (Matroska) is completed and written at least this often:
  // the most a kill can lose.
  std::chrono::milliseconds fragment{1000};
  // Seek points: a key frame at least this often while the picture changes.
  std::chrono::milliseconds keyframe_interval{10000};
};

// The codec names VideoSettings::codec accepts that this FFmpeg can encode, e.g. {"h264",
// "vp9", "av1"}.
std::vector<std::string> available_codecs();

}  // namespace mks::codecs::video
