#include "agent/audit/manifest.h"

#include <algorithm>
#include <fstream>

#include "agent/audit/digest.h"

namespace fs = std::filesystem;

namespace mks::audit {
namespace {

bool is_audit_file(const std::string& relative) {
  return relative == kManifestFile || relative == kSignatureFile || relative == kPublicKeyFile;
}

}  // namespace

nlohmann::json build_manifest(const fs::path& dir, const RunInfo& info) {
  std::vector<std::string> paths;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->is_symlink()) continue;
    const std::string relative = it->path().lexically_relative(dir).generic_string();
    if (!is_audit_file(relative)) paths.push_back(relative);
  }
  if (ec) throw AuditError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(paths.begin(), paths.end());

  auto files = nlohmann::json::array();
  for (const auto& relative : paths) {
    const fs::path file = dir / relative;
    const auto size = fs::file_size(file, ec);
    if (ec) throw AuditError("cannot read " + file.string() + ": " + ec.message());
    files.push_back({{"path", relative}, {"size", size}, {"sha256", sha256_file(file)}});
  }
  return {{"format", kManifestFormat},
          {"agent_version", info.agent_version},
          {"runbook_sha256", info.runbook_sha256},
          {"target", info.target},
          {"started_utc", info.started_utc},
          {"ended_utc", info.ended_utc},
          {"exit_status", info.exit_status},
          {"files", files}};
}

std::string manifest_bytes(const nlohmann::json& manifest) {
  // nlohmann::json keeps object members sorted by name: the same manifest, the same bytes.
  return manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_manifest(const fs::path& dir, const nlohmann::json& manifest) {
  const fs::path target = dir / kManifestFile;
  const fs::path temporary = dir / (std::string(kManifestFile) + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    const std::string bytes = manifest_bytes(manifest);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) throw AuditError("cannot write " + temporary.string());
  }
  std::error_code ec;
  fs::rename(temporary, target, ec);
  if (ec) throw AuditError("cannot write " + target.string() + ": " + ec.message());
}

bool is_safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

}  // namespace mks::audit
