#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace mks::test {

// A fresh empty folder for the running test: <tmp>/mks-e2e/<Suite>.<Test>.
std::filesystem::path scratch_dir();

struct RunResult {
  int exit_code = -1;  // -1: killed for overrunning
  std::string out;
  std::string err;
};

// Runs MKS_BIN_DIR/mksagent with `args` to its end.
RunResult mksagent(const std::vector<std::string>& args,
                   std::chrono::milliseconds timeout = std::chrono::seconds(60));

// The non-empty lines of `text`.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace mks::test
