#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/junit_report.h"

namespace mks::cli {

// What a finished `mksagent run` tells a CI system: the one JSON object of --json and the
// test case of --junit. Every text in it comes from the run's already redacted events.jsonl
// or its failure line, so no ticket or secret gets in.
struct RunSummary {
  enum class Status { kPassed, kFailed, kError, kInterrupted };

  std::string runbook;  // as given
  std::string target;   // ticket redacted
  Status status = Status::kPassed;
  int exit_code = 0;
  std::string failure;    // the one failure line; empty when passed
  std::string last_step;  // the runbook's last step before the failure: "demo.lua:12 key down"
  std::chrono::system_clock::time_point started;
  double seconds = 0;
  std::string out_dir;
  std::vector<std::string> screenshots;          // relative to out_dir, in order taken
  std::vector<std::string> failure_screenshots;  // relative to out_dir
  std::optional<std::string> video;              // relative to out_dir
  int steps = 0;  // the runbook's own step lines (those with a script line) before any failure
  std::vector<std::string> log;  // every event, one line each
};

// Fills the steps, screenshots, last step and log from the run's events (events.jsonl);
// call it once the status is set (a run that passed has no last step before a failure).
void add_events(RunSummary& summary, const std::vector<nlohmann::json>& events);

std::string to_string(RunSummary::Status status);  // passed | failed | error | interrupted

// The object `run --json` prints: {"runbook","target","status","exit_code","failure",
// "last_step","seconds","started_utc","out_dir","screenshots","failure_screenshots",
// "video","steps"}.
nlohmann::json summary_json(const RunSummary& summary);

// The run as a JUnit test case "mksagent.<runbook stem>" named after the runbook file.
JUnitCase junit_case(const RunSummary& summary, std::string hostname);

// "2026-12-06T14:05:01" in UTC (with_zone: "…Z").
std::string utc_seconds(std::chrono::system_clock::time_point when, bool with_zone);

}  // namespace mks::cli
