#include "agent/audit/event_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "agent/audit/digest.h"
#include "tests/unit/temp_dir.h"

namespace mks::audit {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

std::vector<std::string> raw_lines(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "2026-11-23T14:05:01.234Z" (std::regex trips GCC 12's -Wmaybe-uninitialized under ASan).
bool is_iso_utc_ms(const std::string& text) {
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (text.size() != shape.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    const bool ok = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                                    : text[i] == shape[i];
    if (!ok) return false;
  }
  return true;
}

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(EventLog, Append_EachLineParsesWithUtcAndType) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl");
  log.append({"connect", {{"where", "demo.lua:3"}, {"url", "wss://h/ticket/52a0…"}}});
  log.append({"key", {{"where", "demo.lua:4"}, {"what", "<enter>"}}});
  log.append({"log"});

  const auto lines = raw_lines(dir.path / "events.jsonl");
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& line : lines) {
    const auto event = nlohmann::json::parse(line);
    ASSERT_TRUE(event.is_object());
    EXPECT_TRUE(is_iso_utc_ms(event.at("utc").get<std::string>())) << line;
    EXPECT_TRUE(event.at("video_ms").is_null()) << line;
  }
  // utc, video_ms and type lead the line, fields follow.
  EXPECT_EQ(lines[1].rfind("{\"utc\":", 0), 0u);
  const auto key = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(key["type"], "key");
  EXPECT_EQ(key["where"], "demo.lua:4");
  EXPECT_EQ(key["what"], "<enter>");
  EXPECT_EQ(nlohmann::json::parse(lines[0])["url"], "wss://h/ticket/52a0…");
}

TEST(EventLog, VideoStart_AddsMillisecondsSinceRecordingStarted) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl");
  log.set_video_start(std::chrono::steady_clock::now() - std::chrono::milliseconds(1500));
  log.append({"screenshot", {{"file", "a.png"}}});
  log.clear_video_start();
  log.append({"disconnect"});

  const auto events = read_event_log(dir.path / "events.jsonl");
  ASSERT_EQ(events.size(), 2u);
  ASSERT_TRUE(events[0]["video_ms"].is_number_integer());
  EXPECT_GE(events[0]["video_ms"].get<int64_t>(), 1500);
  EXPECT_LT(events[0]["video_ms"].get<int64_t>(), 1500 + 30000);
  EXPECT_TRUE(events[1]["video_ms"].is_null());
}

TEST(EventLog, FieldsCannotReplaceUtcOrType) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl");
  log.append({"key", {{"utc", "forged"}, {"type", "forged"}, {"video_ms", 7}}});
  const auto events = read_event_log(dir.path / "events.jsonl");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0]["utc"], "forged");
  EXPECT_EQ(events[0]["type"], "key");
  EXPECT_TRUE(events[0]["video_ms"].is_null());
}

TEST(EventLog, Secrets_MaskedInEveryStringAtAnyDepth) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl", {"hunter2", "ab"});
  log.add_secret("s3cr3t-token");
  log.append({"type",
              {{"what", "type \"hunter2\""},
               {"nested", {{"list", {"x hunter2 y", 42, "s3cr3t-token"}}}},
               {"hunter2", "key name too"}}});

  const std::string text = contents(dir.path / "events.jsonl");
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cr3t-token"), std::string::npos) << text;
  const auto events = read_event_log(dir.path / "events.jsonl");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["what"], "type \"••••\"");
  EXPECT_EQ(events[0]["nested"]["list"][0], "x •••• y");
  EXPECT_EQ(events[0]["nested"]["list"][1], 42);
  EXPECT_EQ(events[0]["nested"]["list"][2], "••••");
  EXPECT_EQ(events[0]["••••"], "key name too");
  // Two characters would mask half of every line: ignored.
  EXPECT_NE(text.find("\"type\":\"type\""), std::string::npos);
}

TEST(EventLog, Append_LineIsOnDiskBeforeTheLogCloses) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl");
  log.append({"wait", {{"what", "login:"}}});
  // Still open: a killed agent would leave exactly this.
  const auto events = read_event_log(dir.path / "events.jsonl");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["what"], "login:");
}

TEST(EventLog, InvalidUtf8_IsReplacedNotThrown) {
  TempDir dir;
  EventLog log(dir.path / "events.jsonl");
  EXPECT_NO_THROW(log.append({"log", {{"what", std::string("screen \xff\xfe text")}}}));
  EXPECT_EQ(read_event_log(dir.path / "events.jsonl").size(), 1u);
}

TEST(EventLog, UncreatableFile_ThrowsNamingIt) {
  TempDir dir;
  std::ofstream(dir.path / "file") << "x";
  try {
    EventLog log(dir.path / "file" / "events.jsonl");
    FAIL() << "expected AuditError";
  } catch (const AuditError& e) {
    EXPECT_NE(std::string(e.what()).find("events.jsonl"), std::string::npos);
  } catch (const fs::filesystem_error&) {
    // create_directories refuses first: also a clear error naming the path.
  }
}

TEST(ReadEventLog, TornLastLine_IsSkipped) {
  TempDir dir;
  const auto file = dir.path / "events.jsonl";
  std::ofstream(file, std::ios::binary)
      << "{\"utc\":\"2026-11-23T14:05:01.234Z\",\"video_ms\":null,\"type\":\"connect\"}\n"
      << "{\"utc\":\"2026-11-23T14:05:02.000Z\",\"video_ms\":12,\"type\":\"key\"}\n"
      << "{\"utc\":\"2026-11-23T14:05:03.000Z\",\"video_ms\":15,\"ty";
  const auto events = read_event_log(file);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "connect");
  EXPECT_EQ(events[1]["type"], "key");
}

TEST(ReadEventLog, CorruptCompleteLine_ThrowsWithLineNumber) {
  TempDir dir;
  const auto file = dir.path / "events.jsonl";
  std::ofstream(file, std::ios::binary) << "{\"type\":\"connect\"}\nnot json\n{\"type\":\"key\"}\n";
  try {
    read_event_log(file);
    FAIL() << "expected AuditError";
  } catch (const AuditError& e) {
    EXPECT_STREQ(e.what(), "events.jsonl:2: not a JSON object");
  }
}

TEST(ReadEventLog, MissingFile_Throws) {
  TempDir dir;
  EXPECT_THROW(read_event_log(dir.path / "nope.jsonl"), AuditError);
}

}  // namespace
}  // namespace mks::audit
