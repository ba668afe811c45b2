#include "tests/support/media_checks.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/child_process.h"

namespace mks::test {

using namespace std::chrono_literals;

double video_seconds(const std::filesystem::path& file) {
  const auto probe = run_child(
      "ffprobe", {"-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file}, 30s);
  EXPECT_EQ(probe.exit_code, 0) << probe.err;
  return probe.out.empty() ? 0 : std::stod(probe.out);
}

std::string decode_errors(const std::filesystem::path& file) {
  // The frames keep their own (variable) times in the file's time base instead of being
  // squeezed onto a guessed frame rate.
  const auto decode = run_child("ffmpeg",
                                {"-v", "error", "-i", file, "-fps_mode", "passthrough",
                                 "-enc_time_base:v", "-1", "-f", "null", "-"},
                                60s);
  EXPECT_EQ(decode.exit_code, 0);
  return decode.err;
}

std::vector<nlohmann::json> json_lines(const std::filesystem::path& file) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

}  // namespace mks::test
