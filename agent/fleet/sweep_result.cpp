#include "agent/fleet/sweep_result.h"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace mks::fleet {

nlohmann::json to_json(const ConsoleResult& r) {
  nlohmann::json line = {
      {"name", r.name},
      {"moref", r.moref},
      {"host", r.host},
      {"target", r.target},
      {"ms", {{"connect", r.connect_ms}, {"frame", r.frame_ms}, {"total", r.total_ms}}}};
  if (r.reached()) {
    line.update({{"state", r.state},
                 {"severity", r.severity},
                 {"rule", r.rule},
                 {"excerpt", r.excerpt},
                 {"ocr", r.ocr},
                 {"screenshot", r.screenshot},
                 {"width", r.width},
                 {"height", r.height}});
  } else {
    line["error"] = r.error;
  }
  if (r.fix) line["fix"] = *r.fix;
  return line;
}

namespace {

std::string text_field(const nlohmann::json& line, const char* key, bool required) {
  const auto found = line.find(key);
  if (found == line.end()) {
    if (required) throw std::invalid_argument(std::string("no \"") + key + "\"");
    return "";
  }
  if (!found->is_string()) throw std::invalid_argument(std::string("\"") + key + "\" is not text");
  return found->get<std::string>();
}

long ms_field(const nlohmann::json& line, const char* key) {
  const auto ms = line.find("ms");
  if (ms == line.end() || !ms->is_object()) return 0;
  const auto found = ms->find(key);
  return found != ms->end() && found->is_number_integer() ? found->get<long>() : 0;
}

int int_field(const nlohmann::json& line, const char* key) {
  const auto found = line.find(key);
  return found != line.end() && found->is_number_integer() ? found->get<int>() : 0;
}

}  // namespace

ConsoleResult result_from_json(const nlohmann::json& line) {
  if (!line.is_object()) throw std::invalid_argument("not a JSON object");
  ConsoleResult r;
  r.name = text_field(line, "name", true);
  r.moref = text_field(line, "moref", false);
  r.host = text_field(line, "host", false);
  r.target = text_field(line, "target", true);
  r.error = text_field(line, "error", false);
  if (r.reached()) {
    r.state = text_field(line, "state", true);
    r.severity = text_field(line, "severity", true);
    r.rule = text_field(line, "rule", false);
    r.excerpt = text_field(line, "excerpt", false);
    r.screenshot = text_field(line, "screenshot", false);
    r.ocr = line.value("ocr", false);
    r.width = int_field(line, "width");
    r.height = int_field(line, "height");
  }
  r.connect_ms = ms_field(line, "connect");
  r.frame_ms = ms_field(line, "frame");
  r.total_ms = ms_field(line, "total");
  if (line.contains("fix")) r.fix = line["fix"];
  return r;
}

int severity_rank(const std::string& severity) {
  static constexpr std::array<const char*, 5> kOrder = {"critical", "error", "warning", "info",
                                                        "ok"};
  for (std::size_t i = 0; i < kOrder.size(); ++i) {
    if (severity == kOrder[i]) return static_cast<int>(i);
  }
  return static_cast<int>(kOrder.size());
}

SweepSummary summarize(const std::vector<ConsoleResult>& results, std::string shard) {
  SweepSummary s;
  s.shard = std::move(shard);
  for (const auto& r : results) {
    ++s.total;
    if (!r.reached()) {
      ++s.failed;
      continue;
    }
    ++s.reached;
    ++s.states[r.state];
  }
  return s;
}

nlohmann::json to_json(const SweepSummary& s) {
  return {{"total", s.total},
          {"reached", s.reached},
          {"failed", s.failed},
          {"states", s.states},
          {"shard", s.shard}};
}

std::string summary_line(const SweepSummary& s) {
  std::string line = std::to_string(s.total) + " consoles, " + std::to_string(s.reached) +
                     " reached, " + std::to_string(s.failed) + " failed";
  std::vector<std::pair<std::string, int>> counts(s.states.begin(), s.states.end());
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (std::size_t i = 0; i < counts.size(); ++i) {
    line += (i == 0 ? ": " : ", ") + counts[i].first + " " + std::to_string(counts[i].second);
  }
  return line;
}

void sort_results(std::vector<ConsoleResult>& results) {
  std::sort(results.begin(), results.end(), [](const ConsoleResult& a, const ConsoleResult& b) {
    return std::tie(a.name, a.target) < std::tie(b.name, b.target);
  });
}

}  // namespace mks::fleet
