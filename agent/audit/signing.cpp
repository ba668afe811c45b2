#include "agent/audit/signing.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "agent/audit/digest.h"
#include "agent/audit/manifest.h"

namespace fs = std::filesystem;

namespace mks::audit {
namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

constexpr std::uintmax_t kMaxManifestBytes = 64u << 20;
constexpr std::uintmax_t kMaxKeyBytes = 64u << 10;

std::optional<std::string> read_small_file(const fs::path& file, std::uintmax_t limit) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  const auto size = fs::file_size(file, ec);
  if (ec || size > limit) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return std::nullopt;
  return bytes.str();
}

Key read_key(const std::string& pem, bool is_private) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* key = nullptr;
  if (bio) {
    key = is_private ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                     : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  }
  Key owned(key, &EVP_PKEY_free);
  if (owned && EVP_PKEY_id(owned.get()) != EVP_PKEY_ED25519) owned.reset();
  return owned;
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(n);
  return out;
}

std::optional<std::string> unbase64(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty() || text.size() % 4 != 0 || text.size() > 1024) return std::nullopt;
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

std::string public_key_pem(EVP_PKEY* key) {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    throw AuditError("OpenSSL cannot write the public key");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

void write_file(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) throw AuditError("cannot write " + file.string());
}

bool signature_matches(EVP_PKEY* key, const std::string& message, const std::string& signature) {
  MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  // Ed25519 hashes internally: no digest, one-shot call.
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

bool is_sha256_hex(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class Checker {
 public:
  explicit Checker(const fs::path& dir) : dir_(dir) {}

  Verification& result() { return result_; }
  void problem(ProblemKind kind, std::string path, std::string message) {
    result_.problems.push_back({kind, std::move(path), std::move(message)});
  }

  void check_signature(const std::string& manifest, const std::optional<fs::path>& trusted);
  void check_entries(const nlohmann::json& files);
  void look_for_extra_files();

 private:
  void check_entry(const nlohmann::json& entry, size_t index);
  void check_file(const std::string& path, std::uintmax_t size, const std::string& sha256);
  bool stays_inside(const fs::path& file);

  fs::path dir_;
  Verification result_;
  std::set<std::string> listed_;
};

void Checker::check_signature(const std::string& manifest, const std::optional<fs::path>& trusted) {
  // The trusted key is the operator's own input: a bad one is an error whatever the folder holds.
  Key key(nullptr, &EVP_PKEY_free);
  if (trusted) {
    const auto pem = read_small_file(*trusted, kMaxKeyBytes);
    if (pem) key = read_key(*pem, false);
    if (!key) throw AuditError(trusted->string() + " is not an Ed25519 public key in PEM");
    result_.trusted_key = true;
  }
  const auto signature_text = read_small_file(dir_ / kSignatureFile, 4096);
  if (!signature_text) {
    if (trusted) problem(ProblemKind::kBadSignature, "", "not signed: no manifest.json.sig");
    return;
  }
  if (!trusted) {
    const auto pem = read_small_file(dir_ / kPublicKeyFile, kMaxKeyBytes);
    if (pem) key = read_key(*pem, false);
    if (!key) {
      problem(ProblemKind::kBadSignature, std::string(kPublicKeyFile),
              "bad signature: manifest.pub.pem is missing or not an Ed25519 public key");
      return;
    }
  }
  result_.signature_checked = true;
  const auto signature = unbase64(*signature_text);
  if (!signature || !signature_matches(key.get(), manifest, *signature)) {
    problem(ProblemKind::kBadSignature, std::string(kSignatureFile),
            trusted ? "bad signature: manifest.json was changed or signed with another key"
                    : "bad signature: manifest.json does not match manifest.json.sig");
  }
}

void Checker::check_entries(const nlohmann::json& files) {
  for (size_t i = 0; i < files.size(); ++i) check_entry(files[i], i);
}

void Checker::check_entry(const nlohmann::json& entry, size_t index) {
  const std::string where = "manifest entry " + std::to_string(index + 1);
  if (!entry.is_object() || !entry.contains("path") || !entry["path"].is_string() ||
      !entry.contains("size") || !entry["size"].is_number_unsigned() || !entry.contains("sha256") ||
      !entry["sha256"].is_string() || !is_sha256_hex(entry["sha256"].get<std::string>())) {
    problem(ProblemKind::kBadManifest, "", where + ": needs path, size and a SHA-256 in hex");
    return;
  }
  const auto path = entry["path"].get<std::string>();
  if (!is_safe_relative_path(path)) {
    problem(ProblemKind::kUnsafePath, path, "unsafe path: " + path + " (outside the folder)");
    return;
  }
  if (path == kManifestFile || path == kSignatureFile || path == kPublicKeyFile ||
      !listed_.insert(path).second) {
    problem(ProblemKind::kBadManifest, path, where + ": " + path + " listed twice or reserved");
    return;
  }
  check_file(path, entry["size"].get<std::uintmax_t>(), entry["sha256"].get<std::string>());
}

bool Checker::stays_inside(const fs::path& file) {
  std::error_code ec;
  const auto real_dir = fs::canonical(dir_, ec);
  const auto real_file = fs::canonical(file, ec);
  if (ec) return false;
  const auto relative = real_file.lexically_relative(real_dir);
  return !relative.empty() && is_safe_relative_path(relative.generic_string());
}

void Checker::check_file(const std::string& path, std::uintmax_t size, const std::string& sha256) {
  const fs::path file = dir_ / path;
  std::error_code ec;
  const auto status = fs::symlink_status(file, ec);
  if (ec || !fs::exists(status)) {
    problem(ProblemKind::kMissing, path, "missing: " + path);
    return;
  }
  if (!fs::is_regular_file(status) || !stays_inside(file)) {
    problem(ProblemKind::kUnsafePath, path,
            "unsafe path: " + path + " is not a regular file inside the folder");
    return;
  }
  const auto found = fs::file_size(file, ec);
  if (ec || found != size) {
    problem(ProblemKind::kModified, path,
            "modified: " + path + " (listed " + std::to_string(size) + " bytes, found " +
                (ec ? std::string("unreadable") : std::to_string(found)) + ")");
    return;
  }
  try {
    if (sha256_file(file) != sha256) {
      problem(ProblemKind::kModified, path, "modified: " + path + " (SHA-256 differs)");
    }
  } catch (const AuditError&) {
    problem(ProblemKind::kModified, path, "modified: " + path + " (unreadable)");
  }
}

void Checker::look_for_extra_files() {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_symlink() && it->is_directory()) continue;
    const std::string relative = it->path().lexically_relative(dir_).generic_string();
    if (relative == kManifestFile || relative == kSignatureFile || relative == kPublicKeyFile ||
        listed_.count(relative)) {
      continue;
    }
    problem(ProblemKind::kExtra, relative, "extra: " + relative + " (not in the manifest)");
  }
  if (ec) problem(ProblemKind::kBadManifest, "", "cannot list the folder: " + ec.message());
}

}  // namespace

Verification verify_run(const fs::path& dir,
                        const std::optional<fs::path>& trusted_public_key_pem) {
  Checker checker(dir);
  const auto manifest = read_small_file(dir / kManifestFile, kMaxManifestBytes);
  if (!manifest) {
    checker.problem(ProblemKind::kBadManifest, std::string(kManifestFile),
                    "manifest.json is missing, unreadable or over 64 MiB");
    return checker.result();
  }
  checker.check_signature(*manifest, trusted_public_key_pem);
  const auto json = nlohmann::json::parse(*manifest, nullptr, false);
  if (!json.is_object() || !json.contains("files") || !json["files"].is_array()) {
    checker.problem(ProblemKind::kBadManifest, std::string(kManifestFile),
                    "manifest.json is not a manifest (no \"files\" list)");
  } else {
    checker.check_entries(json["files"]);
    checker.look_for_extra_files();
  }
  auto& result = checker.result();
  result.ok = result.problems.empty();
  return result;
}

void sign_manifest(const fs::path& dir, const fs::path& private_key_pem) {
  const auto manifest = read_small_file(dir / kManifestFile, kMaxManifestBytes);
  if (!manifest) throw AuditError("cannot read " + (dir / kManifestFile).string());
  const auto pem = read_small_file(private_key_pem, kMaxKeyBytes);
  if (!pem) throw AuditError("cannot read the signing key " + private_key_pem.string());
  Key key = read_key(*pem, true);
  if (!key) {
    throw AuditError(private_key_pem.string() +
                     " is not an Ed25519 private key in PEM (make one with: openssl genpkey "
                     "-algorithm ed25519 -out key.pem)");
  }
  MdContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::string signature(64, '\0');
  size_t size = signature.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(manifest->data()),
                     manifest->size()) != 1) {
    throw AuditError("OpenSSL cannot sign " + (dir / kManifestFile).string());
  }
  signature.resize(size);
  write_file(dir / kSignatureFile, base64(signature) + "\n");
  write_file(dir / kPublicKeyFile, public_key_pem(key.get()));
}

}  // namespace mks::audit
