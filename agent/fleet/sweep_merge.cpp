#include "agent/fleet/sweep_merge.h"

#include <fstream>
#include <set>
#include <stdexcept>

#include "agent/audit/manifest.h"
#include "agent/audit/signing.h"
#include "agent/fleet/sweep_folder.h"

namespace mks::fleet {
namespace fs = std::filesystem;

namespace {

// The files of the folder itself, made anew by the merge.
bool is_folder_file(const std::string& path) {
  return path == kSweepFile || path == kSummaryFile || path == "report.html";
}

nlohmann::json read_manifest(const fs::path& dir) {
  std::ifstream in(dir / audit::kManifestFile, std::ios::binary);
  return nlohmann::json::parse(in, nullptr, false);
}

std::string text(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

void check_shard(const fs::path& dir, const std::optional<fs::path>& trusted_key) {
  const audit::Verification verified = audit::verify_run(dir, trusted_key);
  if (verified.ok) return;
  std::string line =
      "shard " + dir.string() + " fails its manifest: " + verified.problems.front().message;
  if (verified.problems.size() > 1) {
    line += " (and " + std::to_string(verified.problems.size() - 1) + " more problems)";
  }
  throw std::runtime_error(line);
}

void copy_shard_files(const fs::path& dir, const nlohmann::json& manifest, const fs::path& out,
                      std::set<std::string>& taken) {
  for (const auto& entry : manifest.at("files")) {
    const std::string path = entry.at("path").get<std::string>();
    if (is_folder_file(path)) continue;
    if (!taken.insert(path).second) {
      throw std::runtime_error("shard " + dir.string() + " and another shard both have " + path);
    }
    fs::create_directories((out / path).parent_path());
    fs::copy_file(dir / path, out / path, fs::copy_options::overwrite_existing);
  }
}

}  // namespace

std::vector<ConsoleResult> merge_sweeps(const MergeJob& job) {
  if (job.shards.empty()) throw std::runtime_error("no shard folders to merge");
  std::vector<ConsoleResult> all;
  std::set<std::pair<std::string, std::string>> consoles;
  std::set<std::string> taken;
  SweepFolderInfo info;
  info.agent_version = job.agent_version;
  fs::create_directories(job.out);
  for (const auto& dir : job.shards) {
    check_shard(dir, job.trusted_key);
    const nlohmann::json manifest = read_manifest(dir);
    if (&dir == &job.shards.front()) {
      info.rules_sha256 = text(manifest, "runbook_sha256");
      info.report.title = text(manifest, "target");
      info.report.started_utc = text(manifest, "started_utc");
    } else if (text(manifest, "runbook_sha256") != info.rules_sha256) {
      throw std::runtime_error("shard " + dir.string() +
                               " was classified with other state rules than " +
                               job.shards.front().string());
    }
    info.report.started_utc = std::min(info.report.started_utc, text(manifest, "started_utc"));
    info.report.ended_utc = std::max(info.report.ended_utc, text(manifest, "ended_utc"));
    info.exit_status = std::max(info.exit_status, manifest.value("exit_status", 0));
    for (auto& result : read_sweep_results(dir)) {
      if (!consoles.insert({result.name, result.target}).second) {
        throw std::runtime_error("shard " + dir.string() + " swept " + result.name +
                                 " again (shards must not overlap)");
      }
      all.push_back(std::move(result));
    }
    copy_shard_files(dir, manifest, job.out, taken);
  }
  info.report.shard = "merged from " + std::to_string(job.shards.size()) + " shards";
  info.sign_key = job.sign_key;
  write_sweep_folder(job.out, all, info);
  sort_results(all);
  return all;
}

}  // namespace mks::fleet
