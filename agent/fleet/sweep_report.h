#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "agent/fleet/sweep_result.h"

namespace mks::fleet {

struct SweepReportInfo {
  std::string title;  // "vCenter vc.example: folder /DC0/vm" or "targets.txt"
  std::string started_utc;
  std::string ended_utc;
  std::string shard;  // "" or "2/4", or "merged from 4 shards"
};

// A contact sheet of the consoles: one section per state, worst severity first (consoles
// not reached first of all), each console a thumbnail linking to its full screenshot, with
// its name, host, matched rule and the text that decided it; radio buttons filter by
// state (CSS only: the page has no script and no outside resources). After fixes each
// console shows before → after. Every text is escaped.
std::string render_sweep_report(const std::vector<ConsoleResult>& results,
                                const SweepReportInfo& info);
// Writes dir/report.html. Throws std::runtime_error when it cannot.
void write_sweep_report(const std::filesystem::path& dir, const std::vector<ConsoleResult>& results,
                        const SweepReportInfo& info);

}  // namespace mks::fleet
