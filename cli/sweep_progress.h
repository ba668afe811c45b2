#pragma once

#include <chrono>
#include <map>
#include <ostream>
#include <string>

#include "agent/fleet/sweep_result.h"

namespace mks::cli {

// The sweep's progress on stderr: done/total, consoles per second, counts per state and
// failures. On a terminal one line redrawn at most five times a second; elsewhere (a log, a
// batch job's output) a line every 10 % or every ten seconds.
class SweepProgress {
 public:
  SweepProgress(std::ostream* out, std::size_t total, bool terminal);

  void done(const fleet::ConsoleResult& result);
  void finish();                       // the last line, always printed
  void note(const std::string& line);  // a line of its own (stopping, fixes)

 private:
  std::string line() const;
  void show(bool force);

  std::ostream* out_;
  std::size_t total_;
  bool terminal_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::map<std::string, int> states_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point shown_{};
  std::size_t shown_done_ = 0;
};

}  // namespace mks::cli
