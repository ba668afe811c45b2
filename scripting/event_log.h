#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string_view>

namespace mks::scripting {

// The runbook's steps as JSON Lines (the start of the audit trail): one object per progress
// line, {"utc":"2026-11-23T14:05:01.234Z","t":3.21,"where":"demo.lua:12","what":"..."},
// secrets already masked by Progress. Each line is flushed when written, so a killed agent
// leaves every finished step readable.
class EventLog {
 public:
  // Throws std::runtime_error naming the file when it cannot be created.
  explicit EventLog(const std::filesystem::path& file);
  void append(std::string_view where, std::string_view what);

 private:
  std::ofstream out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace mks::scripting
