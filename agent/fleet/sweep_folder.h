#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "agent/fleet/sweep_report.h"
#include "agent/fleet/sweep_result.h"

namespace mks::fleet {

inline constexpr const char* kSweepFile = "sweep.jsonl";
inline constexpr const char* kSummaryFile = "summary.json";

// What a sweep folder records besides its results.
struct SweepFolderInfo {
  SweepReportInfo report;
  std::string agent_version;
  std::string rules_sha256;  // of the states file the consoles were classified by
  int exit_status = 0;
  std::optional<std::filesystem::path> sign_key;  // Ed25519 private key (PEM)
};

// Writes sweep.jsonl (sorted by name), summary.json, report.html, then manifest.json over
// everything in the folder (and its signature with a key). Throws on I/O failure.
void write_sweep_folder(const std::filesystem::path& dir, std::vector<ConsoleResult> results,
                        const SweepFolderInfo& info);

// Reads DIR/sweep.jsonl. Throws std::runtime_error naming the file and line of a bad line.
std::vector<ConsoleResult> read_sweep_results(const std::filesystem::path& dir);

}  // namespace mks::fleet
