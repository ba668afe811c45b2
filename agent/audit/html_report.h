#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mks::audit {

struct ReportInfo {
  std::string title;   // "demo.lua"
  std::string target;  // ticket already redacted by the caller
  std::string started_utc;
  std::string ended_utc;
  std::string outcome;               // "passed", "failed: demo.lua:27: wait_text timed out", ...
  std::optional<std::string> video;  // a file in the run folder, "run.mp4"
};

// Writes dir/report.html: one page with no outside resources (inline CSS, no script) that
// shows the run's title, target, times and outcome, a table of steps built from the event
// log (time, runbook line, what, outcome, duration), screenshot thumbnails (<img width=240>
// linking to the PNG in the folder), the failing step highlighted (class "failed") with its
// screenshot, and the video (<video controls>) when one is given. Every text is escaped;
// file names are used only when they are safe relative paths. Throws AuditError.
void write_html_report(const std::filesystem::path& dir, const std::vector<nlohmann::json>& events,
                       const ReportInfo& info);

// The page itself, for tests and for callers that put it elsewhere.
std::string render_html_report(const std::vector<nlohmann::json>& events, const ReportInfo& info);

// & < > " ' as entities: safe in element text and in quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace mks::audit
