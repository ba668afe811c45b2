// Replays every file of tests/data/fuzz/<target>/ through its fuzz target in the normal
// (GCC, sanitizer) build: the seed corpora and every finding, once fixed, stay tested here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.h"

namespace mks::fuzz {

namespace {

namespace fs = std::filesystem;
const fs::path kCorpusRoot = fs::path(MKS_SOURCE_DIR) / "tests/data/fuzz";

std::vector<std::uint8_t> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::string> target_names() {
  std::vector<std::string> names;
  for (const auto& [name, function] : registered_targets()) names.push_back(name);
  return names;
}

class FuzzCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzCorpus, EveryFileReplaysWithoutAFinding) {
  const fs::path folder = kCorpusRoot / GetParam();
  ASSERT_TRUE(fs::is_directory(folder))
      << "no corpus for target " << GetParam() << " in " << folder;
  const TargetFunction target = registered_targets().at(GetParam());
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    SCOPED_TRACE(entry.path().filename().string());
    const std::vector<std::uint8_t> bytes = read_file(entry.path());
    EXPECT_EQ(target(bytes.data(), bytes.size()), 0);
    ++files;
  }
  EXPECT_GT(files, 0u) << "empty corpus " << folder;
}

TEST(FuzzCorpus, EveryCorpusFolderHasATarget) {
  for (const auto& entry : fs::directory_iterator(kCorpusRoot)) {
    if (entry.is_directory()) {
      EXPECT_TRUE(registered_targets().contains(entry.path().filename().string()))
          << entry.path() << " has no fuzz target";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, ::testing::ValuesIn(target_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace mks::fuzz
