#include "agent/audit/signing.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>

#include "agent/audit/digest.h"
#include "agent/audit/manifest.h"
#include "tests/unit/temp_dir.h"

namespace mks::audit {
namespace {

namespace fs = std::filesystem;

struct TempDir : test::TempDir {
  TempDir() { fs::create_directories(run()); }
  fs::path run() const { return path / "run"; }
};

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

// A fresh key pair written as key.pem / pub.pem under `dir`, made with OpenSSL: no private
// key is checked in.
void make_key(const fs::path& dir, const std::string& name, const char* type = "ED25519") {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      std::string(type) == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                : EVP_PKEY_Q_keygen(nullptr, nullptr, type),
      &EVP_PKEY_free);
  ASSERT_TRUE(key);
  FILE* out = std::fopen((dir / (name + ".pem")).c_str(), "w");
  ASSERT_TRUE(out);
  PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  out = std::fopen((dir / (name + ".pub.pem")).c_str(), "w");
  ASSERT_TRUE(out);
  PEM_write_PUBKEY(out, key.get());
  std::fclose(out);
}

// A run folder with three files, its manifest written and signed with key.pem.
class SignedRun : public ::testing::Test {
 protected:
  void SetUp() override {
    make_key(tmp.path, "key");
    write(tmp.run() / "events.jsonl", "{\"type\":\"connect\"}\n");
    write(tmp.run() / "shots/01.png", "png bytes");
    write(tmp.run() / "failure.png", "failure png");
    write_manifest(tmp.run(), build_manifest(tmp.run(), {"0.1.0", sha256_hex("x"), "wss://h",
                                                         "2026-11-23T14:00:00.000Z",
                                                         "2026-11-23T14:01:00.000Z", 0}));
    sign_manifest(tmp.run(), tmp.path / "key.pem");
  }

  Verification verify_trusted() { return verify_run(tmp.run(), tmp.path / "key.pub.pem"); }

  // Rewrites the manifest with `edit` applied to its JSON and signs it again, as a forger
  // holding the key would; used to plant hostile entries.
  void resign(const std::function<void(nlohmann::json&)>& edit) {
    auto manifest = nlohmann::json::parse(contents(tmp.run() / "manifest.json"));
    edit(manifest);
    write_manifest(tmp.run(), manifest);
    sign_manifest(tmp.run(), tmp.path / "key.pem");
  }

  TempDir tmp;
};

bool has(const Verification& v, ProblemKind kind, const std::string& path = "*") {
  return std::any_of(v.problems.begin(), v.problems.end(), [&](const Problem& p) {
    return p.kind == kind && (path == "*" || p.path == path);
  });
}

std::string describe(const Verification& v) {
  std::string text;
  for (const auto& p : v.problems) text += p.message + "\n";
  return text;
}

TEST_F(SignedRun, Untouched_VerifiesWithTrustedKeyAndWithFolderKey) {
  const auto trusted = verify_trusted();
  EXPECT_TRUE(trusted.ok) << describe(trusted);
  EXPECT_TRUE(trusted.signature_checked);
  EXPECT_TRUE(trusted.trusted_key);
  const auto folder = verify_run(tmp.run(), std::nullopt);
  EXPECT_TRUE(folder.ok) << describe(folder);
  EXPECT_TRUE(folder.signature_checked);
  EXPECT_FALSE(folder.trusted_key);
  EXPECT_EQ(contents(tmp.run() / "manifest.pub.pem"), contents(tmp.path / "key.pub.pem"));
}

TEST_F(SignedRun, SignatureFile_IsBase64OfSixtyFourBytesOnOneLine) {
  const std::string sig = contents(tmp.run() / "manifest.json.sig");
  ASSERT_EQ(sig.size(), 89u);  // 88 base64 characters for 64 bytes, then '\n'
  EXPECT_EQ(sig.back(), '\n');
  EXPECT_EQ(sig.substr(86, 2), "==");
}

TEST_F(SignedRun, ModifiedFile_SameSize_Reported) {
  write(tmp.run() / "shots/01.png", "PNG bytes");
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, ProblemKind::kModified, "shots/01.png"));
  EXPECT_EQ(v.problems[0].message, "modified: shots/01.png (SHA-256 differs)");
}

TEST_F(SignedRun, ModifiedFile_OtherSize_Reported) {
  write(tmp.run() / "failure.png", "x");
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kModified, "failure.png")) << describe(v);
}

TEST_F(SignedRun, MissingFile_Reported) {
  fs::remove(tmp.run() / "failure.png");
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, ProblemKind::kMissing, "failure.png"));
}

TEST_F(SignedRun, ExtraFile_Reported) {
  write(tmp.run() / "shots/planted.png", "x");
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  ASSERT_EQ(v.problems.size(), 1u) << describe(v);
  EXPECT_TRUE(has(v, ProblemKind::kExtra, "shots/planted.png"));
}

TEST_F(SignedRun, EveryProblemIsListed) {
  write(tmp.run() / "shots/01.png", "changed!!");
  fs::remove(tmp.run() / "failure.png");
  write(tmp.run() / "extra.txt", "x");
  const auto v = verify_trusted();
  EXPECT_EQ(v.problems.size(), 3u) << describe(v);
  EXPECT_TRUE(has(v, ProblemKind::kModified, "shots/01.png"));
  EXPECT_TRUE(has(v, ProblemKind::kMissing, "failure.png"));
  EXPECT_TRUE(has(v, ProblemKind::kExtra, "extra.txt"));
}

TEST_F(SignedRun, TamperedManifest_BadSignature) {
  std::string manifest = contents(tmp.run() / "manifest.json");
  const auto at = manifest.find("\"exit_status\": 0");
  ASSERT_NE(at, std::string::npos);
  manifest.replace(at, 16, "\"exit_status\": 1");
  write(tmp.run() / "manifest.json", manifest);
  for (const auto& v : {verify_trusted(), verify_run(tmp.run(), std::nullopt)}) {
    EXPECT_FALSE(v.ok);
    EXPECT_TRUE(v.signature_checked);
    ASSERT_EQ(v.problems.size(), 1u) << describe(v);
    EXPECT_TRUE(has(v, ProblemKind::kBadSignature));
  }
}

TEST_F(SignedRun, WrongKey_BadSignature) {
  make_key(tmp.path, "other");
  const auto v = verify_run(tmp.run(), tmp.path / "other.pub.pem");
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kBadSignature)) << describe(v);
}

TEST_F(SignedRun, ForgerResignsWithOwnKey_OnlyTrustedKeyCatchesIt) {
  make_key(tmp.path, "forger");
  write(tmp.run() / "failure.png", "doctored");
  write_manifest(tmp.run(), build_manifest(tmp.run(), {}));
  sign_manifest(tmp.run(), tmp.path / "forger.pem");
  EXPECT_TRUE(verify_run(tmp.run(), std::nullopt).ok);  // self-consistent folder
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kBadSignature)) << describe(v);
}

TEST_F(SignedRun, GarbledSignature_BadSignature) {
  write(tmp.run() / "manifest.json.sig", "not base64 at all!\n");
  EXPECT_TRUE(has(verify_trusted(), ProblemKind::kBadSignature));
  fs::remove(tmp.run() / "manifest.pub.pem");
  EXPECT_TRUE(has(verify_run(tmp.run(), std::nullopt), ProblemKind::kBadSignature));
}

TEST_F(SignedRun, UnsignedFolder_FailsOnlyWhenAKeyIsTrusted) {
  fs::remove(tmp.run() / "manifest.json.sig");
  fs::remove(tmp.run() / "manifest.pub.pem");
  const auto plain = verify_run(tmp.run(), std::nullopt);
  EXPECT_TRUE(plain.ok) << describe(plain);
  EXPECT_FALSE(plain.signature_checked);
  EXPECT_TRUE(has(verify_trusted(), ProblemKind::kBadSignature));
}

TEST_F(SignedRun, DotDotPath_RejectedWithoutReadingOutside) {
  // A real file outside the run folder, listed with its true hash: must still be refused.
  write(tmp.path / "outside.txt", "abc");
  resign([](nlohmann::json& m) {
    m["files"].push_back({{"path", "../outside.txt"}, {"size", 3}, {"sha256", sha256_hex("abc")}});
    m["files"].push_back(
        {{"path", "shots/../../outside.txt"}, {"size", 3}, {"sha256", sha256_hex("abc")}});
    m["files"].push_back({{"path", "/etc/passwd"}, {"size", 1}, {"sha256", sha256_hex("")}});
  });
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kUnsafePath, "../outside.txt")) << describe(v);
  EXPECT_TRUE(has(v, ProblemKind::kUnsafePath, "shots/../../outside.txt"));
  EXPECT_TRUE(has(v, ProblemKind::kUnsafePath, "/etc/passwd"));
  EXPECT_EQ(v.problems.size(), 3u) << describe(v);
}

TEST_F(SignedRun, SymlinkOutOfTheFolder_Rejected) {
  write(tmp.path / "outside/secret.txt", "abc");
  fs::create_directory_symlink(tmp.path / "outside", tmp.run() / "link");
  resign([](nlohmann::json& m) {
    m["files"].push_back({{"path", "link/secret.txt"}, {"size", 3}, {"sha256", sha256_hex("abc")}});
  });
  const auto v = verify_trusted();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kUnsafePath, "link/secret.txt")) << describe(v);
}

TEST_F(SignedRun, HostileEntries_ReportedNeverThrown) {
  resign([](nlohmann::json& m) {
    m["files"].push_back({{"path", "huge.bin"}, {"size", 1e300}, {"sha256", sha256_hex("")}});
    m["files"].push_back({{"path", "neg.bin"}, {"size", -1}, {"sha256", sha256_hex("")}});
    m["files"].push_back({{"path", "max.bin"},
                          {"size", std::numeric_limits<uint64_t>::max()},
                          {"sha256", sha256_hex("")}});
    m["files"].push_back({{"path", 42}, {"size", 1}, {"sha256", sha256_hex("")}});
    m["files"].push_back({{"path", "x"}, {"size", 1}, {"sha256", "zz"}});
    m["files"].push_back("just a string");
    m["files"].push_back(m["files"][0]);  // listed twice
    m["files"].push_back({{"path", "manifest.json"}, {"size", 1}, {"sha256", sha256_hex("")}});
  });
  Verification v;
  ASSERT_NO_THROW(v = verify_trusted());
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(has(v, ProblemKind::kMissing, "max.bin")) << describe(v);
  EXPECT_GE(std::count_if(v.problems.begin(), v.problems.end(),
                          [](const Problem& p) { return p.kind == ProblemKind::kBadManifest; }),
            6);
}

TEST_F(SignedRun, BadManifests_ReportedNeverThrown) {
  for (const std::string& bytes : std::vector<std::string>{
           "", "not json", "[1,2,3]", "{\"files\": 7}", "{\"files\":[", std::string(100000, '[')}) {
    write(tmp.run() / "manifest.json", bytes);
    Verification v;
    ASSERT_NO_THROW(v = verify_run(tmp.run(), std::nullopt)) << bytes.substr(0, 20);
    EXPECT_FALSE(v.ok);
    EXPECT_TRUE(has(v, ProblemKind::kBadManifest)) << bytes.substr(0, 20);
  }
  fs::remove(tmp.run() / "manifest.json");
  EXPECT_TRUE(has(verify_run(tmp.run(), std::nullopt), ProblemKind::kBadManifest));
}

TEST(Signing, KeyNotEd25519_ThrowsClearly) {
  TempDir tmp;
  write(tmp.run() / "manifest.json", "{}\n");
  write(tmp.path / "junk.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  make_key(tmp.path, "ec", "EC");
  for (const char* key : {"junk.pem", "ec.pem", "absent.pem"}) {
    try {
      sign_manifest(tmp.run(), tmp.path / key);
      FAIL() << key;
    } catch (const AuditError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(fs::exists(tmp.run() / "manifest.json.sig"));
  EXPECT_THROW(verify_run(tmp.run(), tmp.path / "ec.pub.pem"), AuditError);
}

}  // namespace
}  // namespace mks::audit
