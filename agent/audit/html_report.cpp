#include "agent/audit/html_report.h"

#include <fstream>
#include <sstream>

#include "agent/audit/digest.h"
#include "agent/audit/manifest.h"

namespace mks::audit {
namespace {

constexpr std::string_view kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
td.what { font-family: ui-monospace, monospace; white-space: pre-wrap; }
tr.failed { background: #fde2e2; }
tr.failed td { border-color: #e99; }
.outcome-failed { color: #b00; font-weight: bold; }
img { border: 1px solid #ccc; }
)";

// A string member of an event, or "" when it is missing or not a string.
std::string text_of(const nlohmann::json& event, const char* key) {
  if (!event.is_object()) return {};
  const auto it = event.find(key);
  if (it == event.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// "14:05:01.234" from an ISO 8601 time; the whole text when it is not one.
std::string clock_of(const std::string& utc) {
  const auto t = utc.find('T');
  if (t == std::string::npos) return utc;
  std::string clock = utc.substr(t + 1);
  if (!clock.empty() && clock.back() == 'Z') clock.pop_back();
  return clock;
}

std::string duration_of(const nlohmann::json& event) {
  const auto it = event.find("duration_ms");
  if (it == event.end() || !it->is_number()) return {};
  std::ostringstream out;
  out.precision(3);
  out << std::fixed << it->get<double>() / 1000.0 << " s";
  return out.str();
}

std::string what_of(const nlohmann::json& event) {
  std::string what = text_of(event, "what");
  if (what.empty()) what = text_of(event, "message");
  const std::string type = text_of(event, "type");
  return what.empty() ? type : what;
}

std::string outcome_of(const nlohmann::json& event) {
  std::string outcome = text_of(event, "outcome");
  if (outcome.empty() && text_of(event, "type") == "failure") outcome = "failed";
  return outcome;
}

// A link and thumbnail for a file in the run folder, or nothing when the name is not a safe
// relative path (no scheme such as javascript:, no way out of the folder).
std::string thumbnail(const std::string& file) {
  if (!is_safe_relative_path(file) || file.find(':') != std::string::npos) return {};
  const std::string src = html_escape(file);
  return "<a href=\"" + src + "\"><img src=\"" + src + "\" width=\"240\" alt=\"" + src + "\"></a>";
}

std::string step_row(const nlohmann::json& event) {
  const bool failed = text_of(event, "type") == "failure" || outcome_of(event) == "failed";
  std::string shot = text_of(event, "file");
  if (shot.empty()) shot = text_of(event, "screenshot");
  std::string row = failed ? "<tr class=\"failed\">" : "<tr>";
  row += "<td>" + html_escape(clock_of(text_of(event, "utc"))) + "</td>";
  row += "<td>" + html_escape(text_of(event, "where")) + "</td>";
  row += "<td class=\"what\">" + html_escape(what_of(event));
  if (!shot.empty()) row += "<br>" + thumbnail(shot);
  row += "</td>";
  row += "<td>" + html_escape(outcome_of(event)) + "</td>";
  row += "<td>" + html_escape(duration_of(event)) + "</td></tr>\n";
  return row;
}

std::string header(const ReportInfo& info) {
  const bool failed = info.outcome.rfind("failed", 0) == 0;
  std::string out = "<h1>" + html_escape(info.title) + "</h1>\n<dl>\n";
  out += "<dt>Target</dt><dd>" + html_escape(info.target) + "</dd>\n";
  out += "<dt>Started</dt><dd>" + html_escape(info.started_utc) + "</dd>\n";
  out += "<dt>Ended</dt><dd>" + html_escape(info.ended_utc) + "</dd>\n";
  out += std::string("<dt>Outcome</dt><dd class=\"") +
         (failed ? "outcome-failed" : "outcome-passed") + "\">" + html_escape(info.outcome) +
         "</dd>\n</dl>\n";
  return out;
}

std::string video(const ReportInfo& info) {
  if (!info.video || !is_safe_relative_path(*info.video) ||
      info.video->find(':') != std::string::npos) {
    return {};
  }
  return "<h2>Video</h2>\n<video controls src=\"" + html_escape(*info.video) +
         "\" width=\"960\"></video>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html_report(const std::vector<nlohmann::json>& events, const ReportInfo& info) {
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<title>" + html_escape(info.title) + "</title>\n<style>" + std::string(kStyle) +
          "</style>\n</head>\n<body>\n";
  page += header(info);
  page += video(info);
  page +=
      "<h2>Steps</h2>\n<table>\n<thead><tr><th>Time (UTC)</th><th>Runbook line</th>"
      "<th>What</th><th>Outcome</th><th>Duration</th></tr></thead>\n<tbody>\n";
  for (const auto& event : events) page += step_row(event);
  page += "</tbody>\n</table>\n</body>\n</html>\n";
  return page;
}

void write_html_report(const std::filesystem::path& dir, const std::vector<nlohmann::json>& events,
                       const ReportInfo& info) {
  const auto file = dir / "report.html";
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  const std::string page = render_html_report(events, info);
  out.write(page.data(), static_cast<std::streamsize>(page.size()));
  out.flush();
  if (!out) throw AuditError("cannot write " + file.string());
}

}  // namespace mks::audit
