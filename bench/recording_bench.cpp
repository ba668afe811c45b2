// Recording cost: CPU per second of video (% of one core) and bytes per minute, for a
// 1024x768 console and a 1920x1080 screen, idle and under full motion, beside a plain `ffmpeg`
// encoding the same frames with the same encoder settings in the same run.
//
//   mks-bench-recording [SECONDS]     (default 10 s of video per case)
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "codecs/image.h"
#include "codecs/video/video_file.h"

namespace {

namespace fs = std::filesystem;
using mks::codecs::Image;
using mks::codecs::rgb;

double cpu_seconds(const rusage& usage) {
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return cpu_seconds(usage);
}

// A text console: 8x16 cells of random glyph-like bits, grey on black, and one blue status
// line. Full motion scrolls it by one text line per frame (a log flooding the console).
class Console {
 public:
  Console(int width, int height) : width_(width), height_(height), random_(1) {
    for (int i = 0; i < height / 16 + 1; ++i) lines_.push_back(line());
  }
  Image frame() const {
    Image image(width_, height_);
    for (int y = 0; y < height_; ++y) {
      const auto& source = lines_[y / 16];
      std::copy_n(source.data() + (y % 16) * width_, width_, image.row(y));
    }
    image.fill({0, height_ - 16, width_, 16}, rgb(0, 0, 170));
    return image;
  }
  void scroll() {
    lines_.erase(lines_.begin());
    lines_.push_back(line());
  }

 private:
  std::vector<mks::codecs::Pixel> line() {
    std::vector<mks::codecs::Pixel> pixels(static_cast<std::size_t>(width_) * 16, 0);
    const int cells = static_cast<int>(random_() % (width_ / 8));
    for (int cell = 0; cell < cells; ++cell) {
      for (int y = 3; y < 14; ++y) {
        const unsigned bits = random_() & 0x7e;
        for (int x = 0; x < 8; ++x) {
          if (bits & (1u << x)) pixels[y * width_ + cell * 8 + x] = rgb(170, 170, 170);
        }
      }
    }
    return pixels;
  }

  int width_;
  int height_;
  std::mt19937 random_;
  std::vector<std::vector<mks::codecs::Pixel>> lines_;
};

struct Figures {
  double cpu_percent = 0;  // of one core, per second of video
  double mb_per_minute = 0;
};

// Frames as the recorder writes them: 30 per second under motion; one repeat per second idle.
std::vector<std::int64_t> frame_times(bool motion, int seconds) {
  std::vector<std::int64_t> times;
  const int fps = motion ? 30 : 1;
  for (int i = 0; i < seconds * fps; ++i) times.push_back(i * 1000 / fps);
  return times;
}

Figures ours(int width, int height, bool motion, int seconds, const fs::path& file) {
  Console console(width, height);
  const auto times = frame_times(motion, seconds);
  std::vector<Image> frames;
  Image still = console.frame();
  const double before = own_cpu_seconds();
  {
    mks::codecs::video::VideoFile video(file, width, height, {});
    for (const auto ms : times) {
      if (motion) console.scroll();
      // The recorder copies each frame off the protocol loop: count that copy too.
      const Image frame = motion ? console.frame() : Image(still);
      video.write_frame(frame, ms, !motion && ms > 0);
    }
    video.close();
  }
  const double cpu = own_cpu_seconds() - before;
  // Drawing the test frames is not recording work: take it out.
  const double draw_before = own_cpu_seconds();
  Console again(width, height);
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (motion) again.scroll();
    const Image frame = motion ? again.frame() : Image(still);
    (void)frame;
  }
  const double drawing = motion ? own_cpu_seconds() - draw_before : 0;
  return {100.0 * (cpu - drawing) / seconds, fs::file_size(file) / 1e6 * 60.0 / seconds};
}

Figures plain_ffmpeg(int width, int height, bool motion, int seconds, const fs::path& file) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) std::exit(1);
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  const std::string rate = motion ? "30" : "1";
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[0], 0);
    close(pipe_fds[1]);
    execlp("ffmpeg", "ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr0", "-s",
           size.c_str(), "-framerate", rate.c_str(), "-i", "-", "-c:v", "libx264", "-preset",
           "veryfast", "-tune", "zerolatency", "-crf", "28", "-pix_fmt", "yuv420p", "-movflags",
           "+empty_moov+default_base_moof+frag_keyframe", "-frag_duration", "1000000", file.c_str(),
           nullptr);
    _exit(127);
  }
  close(pipe_fds[0]);
  Console console(width, height);
  const Image still = console.frame();
  for (std::size_t i = 0; i < frame_times(motion, seconds).size(); ++i) {
    if (motion) console.scroll();
    const Image frame = motion ? console.frame() : still;
    const auto* bytes = reinterpret_cast<const char*>(frame.pixels().data());
    std::size_t left = frame.pixels().size_bytes();
    while (left > 0) {
      const ssize_t n = write(pipe_fds[1], bytes, left);
      if (n <= 0) std::exit(1);
      bytes += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  close(pipe_fds[1]);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "ffmpeg failed (status %d)\n", status);
    return {};
  }
  return {100.0 * cpu_seconds(usage) / seconds, fs::file_size(file) / 1e6 * 60.0 / seconds};
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
  const fs::path dir =
      fs::temp_directory_path() / ("mks-bench-recording-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::printf(
      "Recording cost per second of video, %d s per case; x264 veryfast, zerolatency, "
      "crf 28, yuv420p, fragmented MP4 (both sides).\n"
      "Idle: 60 s, one repeat per second (the recorder's keepalive); motion: 30 fps, the "
      "whole console scrolling a text line per frame.\n\n",
      seconds);
  std::printf("%-10s %-7s | %9s %10s | %9s %10s | %7s %7s\n", "screen", "case", "ours CPU",
              "ours MB/min", "ffmpeg CPU", "ffmpeg MB/min", "CPU x", "size x");
  for (const auto& [width, height] : {std::pair{1024, 768}, std::pair{1920, 1080}}) {
    for (const bool motion : {false, true}) {
      // Idle is cheap to simulate (a frame a second): a whole minute, so the first key frame
      // counts as it does in a real recording.
      const int length = motion ? seconds : std::max(60, seconds);
      const auto a = ours(width, height, motion, length, dir / "ours.mp4");
      const auto b = plain_ffmpeg(width, height, motion, length, dir / "ffmpeg.mp4");
      std::printf("%4dx%-5d %-7s | %8.1f%% %10.2f | %8.1f%% %10.2f | %6.2fx %6.2fx\n", width,
                  height, motion ? "motion" : "idle", a.cpu_percent, a.mb_per_minute, b.cpu_percent,
                  b.mb_per_minute, b.cpu_percent > 0 ? a.cpu_percent / b.cpu_percent : 0,
                  b.mb_per_minute > 0 ? a.mb_per_minute / b.mb_per_minute : 0);
    }
  }
  fs::remove_all(dir);
  return 0;
}
