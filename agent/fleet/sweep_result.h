#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mks::fleet {

// What a sweep found on one console: one line of sweep.jsonl.
struct ConsoleResult {
  std::string name;    // VM name, or the target as written for a targets file
  std::string moref;   // "vm-57" ("" outside vCenter)
  std::string host;    // ESXi host name, if known
  std::string target;  // how it was reached, ticket redacted
  std::string state;   // a state name; "" when the console was not reached
  std::string severity;
  std::string rule;     // "states.lua:41"
  std::string excerpt;  // the text that decided it
  bool ocr = false;
  std::string screenshot;  // relative to the sweep folder: "screens/NAME.png"
  std::string error;       // why the console was not reached ("" when it was)
  int width = 0;
  int height = 0;
  long connect_ms = 0;  // ticket + TCP/TLS/WebSocket + RFB handshake
  long frame_ms = 0;    // first full frame after the handshake
  long total_ms = 0;
  // After a fix: the runbook, its outcome and the state the console was swept in again.
  std::optional<nlohmann::json> fix;

  bool reached() const { return error.empty(); }
};

nlohmann::json to_json(const ConsoleResult& result);
// Throws std::invalid_argument naming the field for a line of the wrong shape.
ConsoleResult result_from_json(const nlohmann::json& line);

// Severities, worst first; unknown names sort last.
int severity_rank(const std::string& severity);

struct SweepSummary {
  int total = 0;
  int reached = 0;
  int failed = 0;
  std::map<std::string, int> states;  // state -> consoles in it (reached ones)
  std::string shard;                  // "I/N", "" when not sharded
};
SweepSummary summarize(const std::vector<ConsoleResult>& results, std::string shard);
nlohmann::json to_json(const SweepSummary& summary);
// "800 consoles, 796 reached, 4 failed: login-prompt 700, emergency-mode 50, ..."
std::string summary_line(const SweepSummary& summary);

// Sorted by name (then target), as sweep.jsonl lists them.
void sort_results(std::vector<ConsoleResult>& results);

}  // namespace mks::fleet
