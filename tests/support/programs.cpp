#include "tests/support/programs.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/child_process.h"
#include "tests/support/sim_process.h"

namespace mks::test {

std::filesystem::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() / "mks-e2e" /
             (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

RunResult mksagent(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  auto result = run_child(bin_path("mksagent"), args, timeout);
  return {result.exit_code.value_or(-1), result.out, result.err};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace mks::test
