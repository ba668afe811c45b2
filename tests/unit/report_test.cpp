#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "agent/audit/event_log.h"
#include "agent/audit/html_report.h"

namespace mks::audit {
namespace {

namespace fs = std::filesystem;

ReportInfo sample_info() {
  return {"demo.lua",
          "wss://esxi:443/ticket/52a0…",
          "2026-11-23T14:00:00.000Z",
          "2026-11-23T14:01:00.000Z",
          "failed: demo.lua:27: wait_text timed out",
          "run.mp4"};
}

std::vector<nlohmann::json> sample_events() {
  return {
      {{"utc", "2026-11-23T14:00:01.250Z"}, {"type", "connect"}, {"what", "connected"}},
      {{"utc", "2026-11-23T14:00:02.000Z"},
       {"type", "screenshot"},
       {"where", "demo.lua:12"},
       {"what", "screenshot menu"},
       {"file", "shots/01-menu.png"},
       {"outcome", "ok"},
       {"duration_ms", 1234}},
      {{"utc", "2026-11-23T14:00:59.000Z"},
       {"type", "failure"},
       {"where", "demo.lua:27"},
       {"what", "wait_text timed out"},
       {"screenshot", "failure.png"}},
  };
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, Header_ShowsTitleTargetTimesAndOutcome) {
  const std::string page = render_html_report(sample_events(), sample_info());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<h1>demo.lua</h1>"), std::string::npos);
  EXPECT_NE(page.find("wss://esxi:443/ticket/52a0…"), std::string::npos);
  EXPECT_NE(page.find("2026-11-23T14:00:00.000Z"), std::string::npos);
  EXPECT_NE(page.find("2026-11-23T14:01:00.000Z"), std::string::npos);
  EXPECT_NE(page.find("class=\"outcome-failed\">failed: demo.lua:27: wait_text timed out"),
            std::string::npos);
  // Self-contained: no outside script, style sheet or font.
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("http"), std::string::npos);
}

TEST(HtmlReport, Steps_OneRowPerEventWithTimeLineWhatOutcomeDuration) {
  const std::string page = render_html_report(sample_events(), sample_info());
  EXPECT_EQ(count(page, "<tr"), 4u);  // header + 3 steps
  EXPECT_NE(page.find("<td>14:00:02.000</td><td>demo.lua:12</td><td class=\"what\">screenshot "
                      "menu"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("<td>ok</td><td>1.234 s</td>"), std::string::npos);
}

TEST(HtmlReport, ContainsVideoTagAndThumbnails) {
  const std::string page = render_html_report(sample_events(), sample_info());
  EXPECT_NE(page.find("<video controls src=\"run.mp4\""), std::string::npos);
  EXPECT_NE(page.find("<a href=\"shots/01-menu.png\"><img src=\"shots/01-menu.png\" "
                      "width=\"240\""),
            std::string::npos)
      << page;
}

TEST(HtmlReport, NoVideo_NoVideoTag) {
  auto info = sample_info();
  info.video.reset();
  EXPECT_EQ(render_html_report(sample_events(), info).find("<video"), std::string::npos);
}

TEST(HtmlReport, FailingStep_HighlightedWithItsScreenshot) {
  const std::string page = render_html_report(sample_events(), sample_info());
  EXPECT_EQ(count(page, "<tr class=\"failed\">"), 1u);
  const auto row = page.find("<tr class=\"failed\">");
  const auto end = page.find("</tr>", row);
  const std::string failed = page.substr(row, end - row);
  EXPECT_NE(failed.find("demo.lua:27"), std::string::npos);
  EXPECT_NE(failed.find("<img src=\"failure.png\" width=\"240\""), std::string::npos) << failed;
  EXPECT_NE(failed.find("<td>failed</td>"), std::string::npos);
  EXPECT_NE(page.find("tr.failed {"), std::string::npos);  // the class is styled
}

TEST(HtmlReport, ScreenAndRunbookText_CannotInjectHtml) {
  auto info = sample_info();
  info.title = "<b>title</b>";
  info.target = "\"><script>alert('t')</script>";
  info.video = "a\" onerror=\"alert(1).mp4";
  std::vector<nlohmann::json> events = {
      {{"type", "wait"},
       {"where", "x.lua:1\"><script>alert(1)</script>"},
       {"what", "<script>alert(document.cookie)</script> & more"},
       {"outcome", "<img src=x onerror=alert(2)>"},
       {"file", "shot\" onerror=\"alert(3).png"}},
      {{"type", "<script>"}, {"utc", "<script>"}},
  };
  const std::string page = render_html_report(events, info);
  EXPECT_EQ(page.find("<script"), std::string::npos) << page;
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<img src=x"), std::string::npos);
  EXPECT_EQ(page.find("\" onerror"), std::string::npos) << page;
  EXPECT_NE(page.find("&lt;script&gt;alert(document.cookie)&lt;/script&gt; &amp; more"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;b&gt;title&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(page.find("&quot;&gt;&lt;script&gt;alert(&#39;t&#39;)"), std::string::npos);
}

TEST(HtmlReport, UnsafeFileNames_NeitherLinkedNorShown) {
  std::vector<nlohmann::json> events = {
      {{"type", "screenshot"}, {"file", "javascript:alert(1)"}},
      {{"type", "screenshot"}, {"file", "../../etc/passwd"}},
      {{"type", "screenshot"}, {"file", "/etc/passwd"}},
  };
  auto info = sample_info();
  info.video = "https://evil.example/v.mp4";
  const std::string page = render_html_report(events, info);
  EXPECT_EQ(page.find("<img"), std::string::npos) << page;
  EXPECT_EQ(page.find("href"), std::string::npos);
  EXPECT_EQ(page.find("<video"), std::string::npos);
}

TEST(HtmlReport, OddEvents_DoNotThrow) {
  std::vector<nlohmann::json> events = {
      nullptr, 42, "text", nlohmann::json::array(), {{"duration_ms", "x"}, {"where", 12}}};
  std::string page;
  ASSERT_NO_THROW(page = render_html_report(events, ReportInfo{}));
  EXPECT_NE(page.find("<td>12</td>"), std::string::npos);
}

TEST(HtmlReport, Write_FromARealEventLog) {
  const fs::path dir = fs::temp_directory_path() / ("mks-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    EventLog log(dir / "events.jsonl", {"hunter2"});
    log.append({"type", {{"where", "r.lua:3"}, {"what", "type_secret hunter2"}}});
    log.append({"screenshot", {{"where", "r.lua:4"}, {"file", "a.png"}}});
  }
  write_html_report(dir, read_event_log(dir / "events.jsonl"), sample_info());
  std::ifstream in(dir / "report.html");
  std::ostringstream page;
  page << in.rdbuf();
  fs::remove_all(dir);
  EXPECT_NE(page.str().find("type_secret ••••"), std::string::npos);
  EXPECT_EQ(page.str().find("hunter2"), std::string::npos);
  EXPECT_NE(page.str().find("<img src=\"a.png\" width=\"240\""), std::string::npos);
}

}  // namespace
}  // namespace mks::audit
