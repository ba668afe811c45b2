#pragma once
// A fresh folder for the running test, removed afterwards: <tmp>/mks-unit-<pid>-<Suite>.<Test>.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace mks::test {

struct TempDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() / [] {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    return "mks-unit-" + std::to_string(::getpid()) + "-" + test->test_suite_name() + "." +
           test->name();
  }();
  TempDir() {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace mks::test
