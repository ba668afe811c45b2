#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mks::audit {

// Files of the audit trail itself, never listed in the manifest.
inline constexpr std::string_view kManifestFile = "manifest.json";
inline constexpr std::string_view kSignatureFile = "manifest.json.sig";
inline constexpr std::string_view kPublicKeyFile = "manifest.pub.pem";
inline constexpr std::string_view kManifestFormat = "mksagent-manifest/1";

struct RunInfo {
  std::string agent_version;
  std::string runbook_sha256;  // sha256_hex of the runbook's bytes
  std::string target;          // the caller redacts the ticket: wss://host/ticket/52a0…
  std::string started_utc;
  std::string ended_utc;
  int exit_status = 0;
};

// {"agent_version","ended_utc","exit_status","files":[{"path","sha256","size"}...],
//  "format","runbook_sha256","started_utc","target"}. Every regular file under `dir`
// (recursively, '/'-separated relative paths, sorted) except the manifest, its signature
// and public key; symbolic links are not followed and not listed. Files are hashed
// streaming. Throws AuditError when a file cannot be read.
nlohmann::json build_manifest(const std::filesystem::path& dir, const RunInfo& info);

// The exact bytes written as manifest.json: keys sorted, two-space indent, final newline.
std::string manifest_bytes(const nlohmann::json& manifest);

// Writes dir/manifest.json (through a temporary file and a rename, so a reader never sees
// half of it). Throws AuditError.
void write_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest);

// True when `path` is a relative, '/'-separated path that stays inside its folder: not
// empty, not absolute, no "." / ".." / empty components, no backslash or NUL.
bool is_safe_relative_path(std::string_view path);

}  // namespace mks::audit
