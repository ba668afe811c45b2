#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mks::audit {

// Signs dir/manifest.json exactly as it is on disk with an Ed25519 private key (PEM, PKCS#8,
// as `openssl genpkey -algorithm ed25519` writes it) and writes
//   manifest.json.sig  the 64-byte signature, base64 on one line with a final newline;
//   manifest.pub.pem   the matching public key (PEM SubjectPublicKeyInfo).
// Throws AuditError when the manifest or key cannot be read or the key is not Ed25519.
void sign_manifest(const std::filesystem::path& dir, const std::filesystem::path& private_key_pem);

enum class ProblemKind {
  kBadManifest,   // missing, unreadable, not JSON, or an entry of the wrong shape
  kBadSignature,  // signature missing (when a trusted key is given), unreadable or wrong
  kUnsafePath,    // a listed path that is absolute, has "..", or resolves outside the folder
  kMissing,       // listed, not in the folder
  kModified,      // listed, but size or SHA-256 differs
  kExtra,         // in the folder, not listed
};

struct Problem {
  ProblemKind kind;
  std::string path;     // relative to the run folder; empty for the manifest as a whole
  std::string message;  // one line for a person: "modified: shot.png (SHA-256 differs)"
};

struct Verification {
  bool ok = false;  // no problems
  bool signature_checked = false;
  bool trusted_key = false;  // checked against the key given, not the one in the folder
  std::vector<Problem> problems;
};

// Checks a run folder: the signature (against `trusted_public_key_pem` when given, else the
// manifest.pub.pem in the folder; an unsigned folder passes only without a trusted key),
// then every listed file's size and SHA-256, and looks for files nobody listed. Reports
// every problem found; never throws for anything found in the folder (hostile manifests
// included) and never reads outside it. Throws AuditError only when the trusted key given
// cannot be read or is not an Ed25519 public key.
Verification verify_run(const std::filesystem::path& dir,
                        const std::optional<std::filesystem::path>& trusted_public_key_pem);

}  // namespace mks::audit
