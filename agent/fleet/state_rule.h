#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/screen/needle.h"

namespace mks::fleet {

// Severities, worst first.
inline constexpr std::string_view kSeverities[] = {"critical", "error", "warning", "info", "ok"};
bool is_severity(std::string_view name);

inline constexpr const char* kUnknownState = "unknown";
inline constexpr const char* kUnknownSeverity = "warning";
inline constexpr int kDefaultBottomLines = 4;

// Texts of one test: it holds when any one group is present, and a group is present when all
// of its texts are.
using TextGroups = std::vector<std::vector<std::string>>;

// One rule as declared (in a rules file): every test it has must hold. Absent tests are not
// tested. Texts are compared with blanks trimmed and blank runs read as one space.
struct StateRule {
  std::string state;     // e.g. "kernel-panic"
  std::string severity;  // one of kSeverities
  std::string id;        // where it was declared, "states.lua:41"

  TextGroups text;    // present anywhere on screen
  TextGroups bottom;  // present in the last `bottom_lines` non-empty lines
  int bottom_lines = kDefaultBottomLines;
  std::vector<std::string> last_line;  // ECMAScript regexes; the last non-empty line matches one
  std::vector<std::string> absent;     // none of these anywhere
  bool ignore_case = false;            // for every text and regex of the rule
  bool ocr = false;  // text tests run on tesseract's text when there is no console text

  std::optional<bool> blank;         // the screen is (not) of one colour / empty console
  std::optional<bool> text_console;  // the console font reader could (not) read it
  std::optional<screen::Needle> needle;

  bool has_text_tests() const {
    return !text.empty() || !bottom.empty() || !last_line.empty() || !absent.empty();
  }
};

}  // namespace mks::fleet
