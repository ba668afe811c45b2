#include "agent/fleet/sweep_report.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include "agent/audit/html_report.h"
#include "agent/audit/manifest.h"

namespace mks::fleet {
namespace {

using audit::html_escape;

constexpr std::string_view kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
nav label { display: inline-block; margin: 0 .6em .4em 0; padding: .1em .5em; border: 1px solid #bbb; border-radius: 3px; cursor: pointer; }
nav input { display: none; }
.sheet { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; width: 244px; border: 1px solid #ccc; padding: 4px; }
figure img { width: 240px; display: block; }
figcaption { font-size: 12px; word-break: break-all; }
figcaption pre { white-space: pre-wrap; margin: .3em 0 0; font-size: 11px; }
.critical h2 { color: #900; } .error h2 { color: #b00; } .warning h2 { color: #a60; }
.failed figure { background: #fde2e2; }
.after { border-top: 1px dashed #aaa; margin-top: 4px; padding-top: 4px; }
)";

std::string state_key(const ConsoleResult& r) {
  return r.reached() ? r.state : "not-reached";
}

// CSS class names from state names: letters, digits and '-' only.
std::string css_name(const std::string& state) {
  std::string out = "s-";
  for (unsigned char c : state) out += std::isalnum(c) || c == '-' ? static_cast<char>(c) : '_';
  return out;
}

int group_rank(const ConsoleResult& r) {
  return r.reached() ? severity_rank(r.severity) : -1;
}

std::string image_tag(const std::string& file) {
  if (file.empty() || !audit::is_safe_relative_path(file)) return "";
  const std::string src = html_escape(file);
  return "<a href=\"" + src + "\"><img loading=\"lazy\" src=\"" + src + "\" alt=\"\"></a>";
}

std::string fix_block(const nlohmann::json& fix) {
  const auto text = [&fix](const char* key) {
    return fix.contains(key) && fix[key].is_string() ? fix[key].get<std::string>() : "";
  };
  std::string out = "<div class=\"after\">fix " + html_escape(text("runbook")) + ": " +
                    html_escape(text("outcome")) + "<br>after: <b>" +
                    html_escape(text("after_state")) + "</b>";
  if (!text("report").empty() && audit::is_safe_relative_path(text("report"))) {
    out += " · <a href=\"" + html_escape(text("report")) + "\">run report</a>";
  }
  return out + image_tag(text("after_screenshot")) + "</div>";
}

std::string tile(const ConsoleResult& r) {
  std::string out =
      "<figure>" + image_tag(r.screenshot) + "<figcaption><b>" + html_escape(r.name) + "</b>";
  if (!r.host.empty()) out += " on " + html_escape(r.host);
  if (r.reached()) {
    out += "<br>" + html_escape(r.state) +
           (r.rule.empty() ? "" : " (" + html_escape(r.rule) + ")") + (r.ocr ? " by OCR" : "");
    if (!r.excerpt.empty()) out += "<pre>" + html_escape(r.excerpt) + "</pre>";
  } else {
    out += "<br>" + html_escape(r.target) + "<pre>" + html_escape(r.error) + "</pre>";
  }
  if (r.fix) out += fix_block(*r.fix);
  return out + "</figcaption></figure>\n";
}

struct Group {
  std::string state;
  int rank = 0;
  std::vector<const ConsoleResult*> consoles;
};

std::vector<Group> groups_of(const std::vector<ConsoleResult>& results) {
  std::map<std::string, Group> by_state;
  for (const auto& r : results) {
    Group& g = by_state[state_key(r)];
    g.state = state_key(r);
    g.rank = group_rank(r);
    g.consoles.push_back(&r);
  }
  std::vector<Group> groups;
  for (auto& [state, group] : by_state) groups.push_back(std::move(group));
  std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    return std::tie(a.rank, a.state) < std::tie(b.rank, b.state);
  });
  return groups;
}

std::string filter_css(const std::vector<Group>& groups) {
  std::string css;
  for (const auto& g : groups) {
    const std::string name = css_name(g.state);
    css += "#f-" + name + ":checked ~ main section:not(." + name + ") { display: none; }\n";
    css += "#f-" + name + ":checked ~ nav label[for=f-" + name + "] { background: #ddd; }\n";
  }
  return css + "#f-all:checked ~ nav label[for=f-all] { background: #ddd; }\n";
}

std::string filters(const std::vector<Group>& groups) {
  std::string inputs = "<input type=\"radio\" name=\"f\" id=\"f-all\" checked>\n";
  std::string labels = "<nav><label for=\"f-all\">all</label>";
  for (const auto& g : groups) {
    const std::string name = css_name(g.state);
    inputs += "<input type=\"radio\" name=\"f\" id=\"f-" + name + "\">\n";
    labels += "<label for=\"f-" + name + "\">" + html_escape(g.state) + " (" +
              std::to_string(g.consoles.size()) + ")</label>";
  }
  return inputs + labels + "</nav>\n";
}

std::string severity_class(const Group& g) {
  if (g.rank < 0) return "failed";
  const auto& first = *g.consoles.front();
  return html_escape(first.severity);
}

}  // namespace

std::string render_sweep_report(const std::vector<ConsoleResult>& results,
                                const SweepReportInfo& info) {
  const auto groups = groups_of(results);
  const SweepSummary summary = summarize(results, info.shard);
  std::string page =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sweep: " +
      html_escape(info.title) + "</title><style>" + std::string(kStyle) + filter_css(groups) +
      "</style></head><body>\n";
  page += "<h1>Console sweep: " + html_escape(info.title) + "</h1>\n<p>" +
          html_escape(summary_line(summary)) + "<br>" + html_escape(info.started_utc) + " – " +
          html_escape(info.ended_utc) +
          (info.shard.empty() ? "" : " · shard " + html_escape(info.shard)) + "</p>\n";
  page += filters(groups) + "<main>\n";
  for (const auto& g : groups) {
    page += "<section class=\"" + css_name(g.state) + " " + severity_class(g) + "\"><h2>" +
            html_escape(g.state) + " (" + std::to_string(g.consoles.size()) +
            ")</h2><div class=\"sheet\">\n";
    for (const auto* r : g.consoles) page += tile(*r);
    page += "</div></section>\n";
  }
  return page + "</main></body></html>\n";
}

void write_sweep_report(const std::filesystem::path& dir, const std::vector<ConsoleResult>& results,
                        const SweepReportInfo& info) {
  std::ofstream out(dir / "report.html", std::ios::binary | std::ios::trunc);
  out << render_sweep_report(results, info);
  if (!out) throw std::runtime_error("cannot write " + (dir / "report.html").string());
}

}  // namespace mks::fleet
