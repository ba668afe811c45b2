#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace mks::cli {

// One runbook run as a JUnit test case, in the shape Jenkins, GitLab and junitparser read
// (the "jenkins-junit.xsd" schema): <testsuites><testsuite name="mksagent" tests="1"
// ...><testcase ...><failure|error/><system-out/></testcase></testsuite></testsuites>.
struct JUnitCase {
  // JUnit's usual meaning: a failure is the runbook's own (a wait that timed out, a bad call),
  // an error is a run that could not go on (no connection, interrupted, bad input).
  enum class Outcome { kPassed, kFailed, kError };

  std::string classname;  // "mksagent.demo"
  std::string name;       // "demo.lua"
  double seconds = 0;
  std::string timestamp;  // UTC, "2026-12-06T14:05:01" (the schema's form: no zone)
  std::string hostname;
  Outcome outcome = Outcome::kPassed;
  std::string message;     // the one failure line
  std::string type;        // what kind of failure or error: "runbook", "interrupted", ...
  std::string details;     // the failure's text: the failing step, the screenshots
  std::string system_out;  // the steps, one a line
};

// `text` made safe for XML 1.0 character data (attribute = false) or a double-quoted
// attribute value: markup characters escaped; control characters XML 1.0 forbids shown as
// their Unicode control pictures (ESC as U+241B); bytes that are not UTF-8 as U+FFFD. In an
// attribute, tab and line breaks become character references so readers keep them.
std::string xml_escape(std::string_view text, bool attribute = false);

std::string junit_xml(const JUnitCase& test_case);

// Writes the XML to `file` through a temporary file beside it and a rename, so a reader never
// sees half a file. Throws std::runtime_error naming the file.
void write_junit_file(const std::filesystem::path& file, const JUnitCase& test_case);

}  // namespace mks::cli
