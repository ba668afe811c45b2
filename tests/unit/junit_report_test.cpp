// The JUnit XML writer: escaping, the three shapes of a test case, the atomic write.
#include "cli/junit_report.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/unit/temp_dir.h"

namespace mks::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

JUnitCase sample(JUnitCase::Outcome outcome) {
  JUnitCase c;
  c.classname = "mksagent.demo";
  c.name = "demo.lua";
  c.seconds = 12.3456;
  c.timestamp = "2026-12-06T14:05:01";
  c.hostname = "ci-7";
  c.outcome = outcome;
  c.message = "demo.lua:27: wait_text \"login:\" timed out";
  c.type = "runbook failure";
  c.details = "screen at failure: out/failure.png\n";
  c.system_out = "demo.lua:1 wait_text\n";
  return c;
}

TEST(JUnitEscape, Markup_EscapedInTextAndAttributes) {
  EXPECT_EQ(xml_escape("a<b>&\"c\"'"), "a&lt;b&gt;&amp;\"c\"'");
  EXPECT_EQ(xml_escape("a<b>&\"c\"", true), "a&lt;b&gt;&amp;&quot;c&quot;");
}

TEST(JUnitEscape, ControlCharacters_BecomeControlPictures) {
  // ESC of a console colour, NUL, BEL and backspace are not XML 1.0 characters.
  EXPECT_EQ(xml_escape("\x1b[31mred"), "\u241b[31mred");
  EXPECT_EQ(xml_escape("a\0b"s), "a\u2400b");
  EXPECT_EQ(xml_escape("\a\b\x1f"), "\u2407\u2408\u241f");
}

TEST(JUnitEscape, TabAndLineBreaks_KeptInTextAsReferencesInAttributes) {
  EXPECT_EQ(xml_escape("a\tb\nc"), "a\tb\nc");
  EXPECT_EQ(xml_escape("a\tb\nc", true), "a&#9;b&#10;c");
  EXPECT_EQ(xml_escape("a\r\n"), "a&#13;\n");
}

TEST(JUnitEscape, NotUtf8_ReplacedByReplacementCharacter) {
  EXPECT_EQ(xml_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x96\xa5"),
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x96\xa5");  // é € 🖥 kept
  EXPECT_EQ(xml_escape("a\xff"
                       "b"),
            "a\ufffdb");
  EXPECT_EQ(xml_escape("\xc0\xaf"), "\ufffd\ufffd");            // overlong '/'
  EXPECT_EQ(xml_escape("\xed\xa0\x80"), "\ufffd\ufffd\ufffd");  // a surrogate
  EXPECT_EQ(xml_escape("cut \xe2\x82"), "cut \ufffd\ufffd");
  EXPECT_EQ(xml_escape("\xef\xbf\xbe"), "\ufffd");  // U+FFFE is no XML character
}

TEST(JUnitXml, Passed_OneTestNoFailureWithSystemOut) {
  const std::string xml = junit_xml(sample(JUnitCase::Outcome::kPassed));
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 0), 0u) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"mksagent\" tests=\"1\" failures=\"0\" errors=\"0\" "
                     "skipped=\"0\" time=\"12.346\" timestamp=\"2026-12-06T14:05:01\" "
                     "hostname=\"ci-7\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"mksagent.demo\" name=\"demo.lua\" time=\"12.346\">"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<error"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<system-out>demo.lua:1 wait_text\n</system-out>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("</testsuites>\n"), std::string::npos) << xml;
}

TEST(JUnitXml, Failed_FailureWithMessageTypeAndScreenshot) {
  const std::string xml = junit_xml(sample(JUnitCase::Outcome::kFailed));
  EXPECT_NE(xml.find("tests=\"1\" failures=\"1\" errors=\"0\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure message=\"demo.lua:27: wait_text &quot;login:&quot; timed out\" "
                     "type=\"runbook failure\">screen at failure: out/failure.png\n</failure>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<error"), std::string::npos) << xml;
  // The schema's order: the outcome before system-out.
  EXPECT_LT(xml.find("<failure"), xml.find("<system-out>"));
}

TEST(JUnitXml, Error_ErrorElementAndErrorCount) {
  auto c = sample(JUnitCase::Outcome::kError);
  c.type = "could not run";
  const std::string xml = junit_xml(c);
  EXPECT_NE(xml.find("tests=\"1\" failures=\"0\" errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<error message=\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("type=\"could not run\">"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
}

TEST(JUnitXml, ConsoleTextInEveryField_Escaped) {
  auto c = sample(JUnitCase::Outcome::kFailed);
  c.message = "read \x1b[1m<root>\x1b[0m & \"more\"";
  c.system_out = "screen: ]]> \x07\n";
  const std::string xml = junit_xml(c);
  EXPECT_NE(xml.find("message=\"read \u241b[1m&lt;root&gt;\u241b[0m &amp; &quot;more&quot;\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<system-out>screen: ]]&gt; \u2407\n</system-out>"), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
}

TEST(JUnitFile, Write_ReplacesTheFileAndLeavesNoTemporary) {
  test::TempDir dir;
  const fs::path file = dir.path / "reports" / "mksagent.xml";
  write_junit_file(file, sample(JUnitCase::Outcome::kFailed));
  write_junit_file(file, sample(JUnitCase::Outcome::kPassed));
  EXPECT_EQ(read_file(file), junit_xml(sample(JUnitCase::Outcome::kPassed)));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(file.parent_path())) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "mksagent.xml");
  }
  EXPECT_EQ(files, 1u);
}

TEST(JUnitFile, UnwritablePlace_ThrowsNamingTheFile) {
  test::TempDir dir;
  const fs::path file = dir.path / "taken";
  fs::create_directories(file / "inside");  // a folder where the file should go
  try {
    write_junit_file(file, sample(JUnitCase::Outcome::kPassed));
    FAIL() << "no exception";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("taken"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::is_directory(file / "inside"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path)) ++files;
  EXPECT_EQ(files, 1u) << "the temporary file is removed";
}

}  // namespace
}  // namespace mks::cli
