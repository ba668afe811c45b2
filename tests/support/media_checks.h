#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mks::test {

// A video's length by ffprobe, in seconds (0 when ffprobe fails: a test expectation fails).
double video_seconds(const std::filesystem::path& file);
// Every frame through ffmpeg's decoder: the error text (empty when the file is clean).
std::string decode_errors(const std::filesystem::path& file);
// A JSON Lines file (an event log), one value per line.
std::vector<nlohmann::json> json_lines(const std::filesystem::path& file);

}  // namespace mks::test
