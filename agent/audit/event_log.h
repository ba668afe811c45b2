#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agent/audit/secrets.h"

namespace mks::audit {

// One thing that happened in a run. `type` is one of connect, disconnect, reconnect, key,
// type, wait, screenshot, failure, log (free text; readers must accept others). `fields`
// is an object whose members go on the line beside type/utc/video_ms. Fields the HTML
// report reads: "where" (runbook line, "demo.lua:12"), "what" (what the step did),
// "outcome", "duration_ms", "file" (a screenshot, relative to the run folder) and, on a
// failure, "screenshot".
struct Event {
  std::string type;
  nlohmann::json fields = nlohmann::json::object();
};

// JSON Lines beside the video: {"utc":"2026-11-23T14:05:01.234Z","video_ms":1234,
// "type":"key",...fields}. video_ms is the time since the recording started, null when
// nothing records. Each line goes to the kernel in one write when appended, so a killed agent
// loses at most the line being written (see read_event_log).
//
// Callers hand in text already redacted; as a second line of defence every string (values
// and member names, at any depth) is scanned for the secrets given here and each is replaced
// by "••••" before the line is written.
class EventLog {
 public:
  static constexpr std::string_view kMask = Secrets::kMask;

  // Truncates `file`; throws AuditError naming it when it cannot be created.
  explicit EventLog(const std::filesystem::path& file, std::vector<std::string> secrets = {});

  void set_video_start(std::chrono::steady_clock::time_point start) { video_start_ = start; }
  void clear_video_start() { video_start_.reset(); }
  // Secrets shorter than 3 characters are ignored: they would mask half of every line.
  void add_secret(std::string secret) { secrets_.add(std::move(secret)); }
  void append(const Event& event);

  std::string redact(std::string_view text) const { return secrets_.redact(text); }
  const std::filesystem::path& path() const { return path_; }

 private:
  nlohmann::json redact_json(const nlohmann::json& value) const;

  std::filesystem::path path_;
  std::ofstream out_;
  Secrets secrets_;
  std::optional<std::chrono::steady_clock::time_point> video_start_;
};

// Every complete line of an event log. A last line without its newline that does not parse
// (the agent was killed while writing it) is skipped; any other line that is not a JSON
// object throws AuditError("events.jsonl:7: not a JSON object").
std::vector<nlohmann::json> read_event_log(const std::filesystem::path& file);

}  // namespace mks::audit
