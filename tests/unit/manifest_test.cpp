#include "agent/audit/manifest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "agent/audit/digest.h"
#include "tests/unit/temp_dir.h"

namespace mks::audit {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

constexpr const char* kSha256Abc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kSha256Empty =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

void write(const fs::path& file, const std::string& bytes) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << bytes;
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

RunInfo sample_info() {
  return {"0.1.0",
          sha256_hex("type('x')"),
          "wss://esxi:443/ticket/52a0…",
          "2026-11-23T14:00:00.000Z",
          "2026-11-23T14:01:00.000Z",
          1};
}

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), kSha256Abc);
  EXPECT_EQ(sha256_hex(""), kSha256Empty);
}

TEST(Sha256, File_MatchesBytesAcrossManyBlocks) {
  TempDir dir;
  write(dir.path / "abc", "abc");
  EXPECT_EQ(sha256_file(dir.path / "abc"), kSha256Abc);
  std::string big(300000, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  write(dir.path / "big", big);
  EXPECT_EQ(sha256_file(dir.path / "big"), sha256_hex(big));
}

TEST(Sha256, MissingFile_Throws) {
  EXPECT_THROW(sha256_file("/nonexistent/x"), AuditError);
}

TEST(Manifest, Build_ListsEveryFileWithSizeAndSha256) {
  TempDir dir;
  write(dir.path / "abc.txt", "abc");
  write(dir.path / "shots/01-boot.png", "");
  write(dir.path / "events.jsonl", "{}\n");
  write(dir.path / "manifest.json", "old");  // the trail's own files are never listed
  write(dir.path / "manifest.json.sig", "old");
  write(dir.path / "manifest.pub.pem", "old");

  const auto manifest = build_manifest(dir.path, sample_info());
  const auto& files = manifest.at("files");
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0]["path"], "abc.txt");
  EXPECT_EQ(files[0]["size"], 3);
  EXPECT_EQ(files[0]["sha256"], kSha256Abc);
  EXPECT_EQ(files[1]["path"], "events.jsonl");
  EXPECT_EQ(files[2]["path"], "shots/01-boot.png");
  EXPECT_EQ(files[2]["size"], 0);
  EXPECT_EQ(files[2]["sha256"], kSha256Empty);

  EXPECT_EQ(manifest["format"], "mksagent-manifest/1");
  EXPECT_EQ(manifest["agent_version"], "0.1.0");
  EXPECT_EQ(manifest["runbook_sha256"], sha256_hex("type('x')"));
  EXPECT_EQ(manifest["target"], "wss://esxi:443/ticket/52a0…");
  EXPECT_EQ(manifest["started_utc"], "2026-11-23T14:00:00.000Z");
  EXPECT_EQ(manifest["ended_utc"], "2026-11-23T14:01:00.000Z");
  EXPECT_EQ(manifest["exit_status"], 1);
}

TEST(Manifest, Write_StableSortedPrettyBytes) {
  TempDir dir;
  write(dir.path / "b.png", "b");
  write(dir.path / "a.png", "a");
  const auto manifest = build_manifest(dir.path, sample_info());
  write_manifest(dir.path, manifest);
  const std::string first = contents(dir.path / "manifest.json");
  write_manifest(dir.path, build_manifest(dir.path, sample_info()));
  EXPECT_EQ(contents(dir.path / "manifest.json"), first);
  EXPECT_EQ(first, manifest_bytes(manifest));
  EXPECT_EQ(nlohmann::json::parse(first), manifest);
  EXPECT_EQ(first.back(), '\n');
  EXPECT_LT(first.find("\"agent_version\""), first.find("\"exit_status\""));
  EXPECT_LT(first.find("\"exit_status\""), first.find("\"files\""));
  EXPECT_NE(first.find("\n  \"files\": ["), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path / "manifest.json.tmp"));
}

TEST(Manifest, SafeRelativePaths) {
  EXPECT_TRUE(is_safe_relative_path("a.png"));
  EXPECT_TRUE(is_safe_relative_path("shots/a..b.png"));
  EXPECT_FALSE(is_safe_relative_path(""));
  EXPECT_FALSE(is_safe_relative_path("../a.png"));
  EXPECT_FALSE(is_safe_relative_path("shots/../../a.png"));
  EXPECT_FALSE(is_safe_relative_path(".."));
  EXPECT_FALSE(is_safe_relative_path("/etc/passwd"));
  EXPECT_FALSE(is_safe_relative_path("./a.png"));
  EXPECT_FALSE(is_safe_relative_path("a//b"));
  EXPECT_FALSE(is_safe_relative_path("a/"));
  EXPECT_FALSE(is_safe_relative_path("..\\a.png"));
  EXPECT_FALSE(is_safe_relative_path(std::string_view("a\0b", 3)));
}

}  // namespace
}  // namespace mks::audit
