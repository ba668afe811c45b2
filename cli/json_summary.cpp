#include "cli/json_summary.h"

#include <ctime>
#include <filesystem>

namespace mks::cli {
namespace {

namespace fs = std::filesystem;

std::string text_of(const nlohmann::json& event, const char* name) {
  const auto found = event.find(name);
  return found != event.end() && found->is_string() ? found->get<std::string>() : "";
}

std::string log_line(const nlohmann::json& event) {
  const std::string where = text_of(event, "where");
  return text_of(event, "utc") + " " + (where.empty() ? "" : where + " ") + text_of(event, "what");
}

nlohmann::json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

std::string in_out_dir(const RunSummary& summary, const std::string& file) {
  return (fs::path(summary.out_dir) / file).string();
}

std::string failure_details(const RunSummary& summary) {
  std::string text = summary.failure + "\n";
  if (!summary.last_step.empty()) text += "last step before it: " + summary.last_step + "\n";
  for (const auto& shot : summary.failure_screenshots) {
    text += "screen at failure: " + in_out_dir(summary, shot) + "\n";
  }
  text += "events: " + in_out_dir(summary, "events.jsonl") + "\n";
  return text;
}

const char* junit_type(RunSummary::Status status, int exit_code) {
  if (status == RunSummary::Status::kFailed) return "runbook failure";
  if (status == RunSummary::Status::kInterrupted) return "interrupted";
  return exit_code == 2 ? "usage error" : "could not run";
}

}  // namespace

void add_events(RunSummary& summary, const std::vector<nlohmann::json>& events) {
  bool failure_seen = false;  // after the failure event the agent only closes down
  for (const auto& event : events) {
    summary.log.push_back(log_line(event));
    const std::string type = text_of(event, "type");
    const std::string file = text_of(event, "file");
    if (type == "screenshot" && !file.empty()) {
      const bool at_failure = event.value("failure", false);
      (at_failure ? summary.failure_screenshots : summary.screenshots).push_back(file);
    }
    failure_seen = failure_seen || type == "failure";
    if (!failure_seen && !text_of(event, "where").empty()) {
      ++summary.steps;
      summary.last_step = text_of(event, "where") + " " + text_of(event, "what");
    }
  }
  if (summary.status == RunSummary::Status::kPassed) summary.last_step.clear();
}

std::string to_string(RunSummary::Status status) {
  switch (status) {
    case RunSummary::Status::kPassed:
      return "passed";
    case RunSummary::Status::kFailed:
      return "failed";
    case RunSummary::Status::kError:
      return "error";
    case RunSummary::Status::kInterrupted:
      return "interrupted";
  }
  return "error";
}

nlohmann::json summary_json(const RunSummary& summary) {
  return {{"runbook", summary.runbook},
          {"target", summary.target},
          {"status", to_string(summary.status)},
          {"exit_code", summary.exit_code},
          {"failure", text_or_null(summary.failure)},
          {"last_step", text_or_null(summary.last_step)},
          {"seconds", summary.seconds},
          {"started_utc", utc_seconds(summary.started, true)},
          {"out_dir", summary.out_dir},
          {"screenshots", summary.screenshots},
          {"failure_screenshots", summary.failure_screenshots},
          {"video", summary.video ? nlohmann::json(*summary.video) : nlohmann::json(nullptr)},
          {"steps", summary.steps}};
}

JUnitCase junit_case(const RunSummary& summary, std::string hostname) {
  const fs::path runbook(summary.runbook);
  JUnitCase test_case;
  test_case.classname = "mksagent." + runbook.stem().string();
  test_case.name = runbook.filename().string();
  test_case.seconds = summary.seconds;
  test_case.timestamp = utc_seconds(summary.started, false);
  test_case.hostname = std::move(hostname);
  for (const auto& line : summary.log) test_case.system_out += line + "\n";
  if (summary.status == RunSummary::Status::kPassed) return test_case;
  test_case.outcome = summary.status == RunSummary::Status::kFailed ? JUnitCase::Outcome::kFailed
                                                                    : JUnitCase::Outcome::kError;
  test_case.message = summary.failure;
  test_case.type = junit_type(summary.status, summary.exit_code);
  test_case.details = failure_details(summary);
  return test_case;
}

std::string utc_seconds(std::chrono::system_clock::time_point when, bool with_zone) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, with_zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &utc);
  return text;
}

}  // namespace mks::cli
