#include "agent/fleet/sweep_folder.h"

#include <fstream>
#include <stdexcept>

#include "agent/audit/manifest.h"
#include "agent/audit/signing.h"

namespace mks::fleet {
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

}  // namespace

void write_sweep_folder(const fs::path& dir, std::vector<ConsoleResult> results,
                        const SweepFolderInfo& info) {
  sort_results(results);
  std::string lines;
  for (const auto& r : results) lines += to_json(r).dump() + "\n";
  write_text(dir / kSweepFile, lines);
  write_text(dir / kSummaryFile, to_json(summarize(results, info.report.shard)).dump(2) + "\n");
  write_sweep_report(dir, results, info.report);
  audit::RunInfo run;
  run.agent_version = info.agent_version;
  run.runbook_sha256 = info.rules_sha256;
  run.target = info.report.title;
  run.started_utc = info.report.started_utc;
  run.ended_utc = info.report.ended_utc;
  run.exit_status = info.exit_status;
  audit::write_manifest(dir, audit::build_manifest(dir, run));
  if (info.sign_key) audit::sign_manifest(dir, *info.sign_key);
}

std::vector<ConsoleResult> read_sweep_results(const fs::path& dir) {
  const fs::path file = dir / kSweepFile;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("no " + file.string());
  std::vector<ConsoleResult> results;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) continue;
    try {
      results.push_back(result_from_json(nlohmann::json::parse(line)));
    } catch (const std::exception& e) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return results;
}

}  // namespace mks::fleet
