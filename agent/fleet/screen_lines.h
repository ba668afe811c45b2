#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agent/screen/text_reader.h"

namespace mks::fleet {

// Blanks trimmed at both ends, every run of blanks (space, tab) as one space: how texts of
// rules and screens are compared, so a rule need not know whether a line has two spaces.
std::string normalize_text(std::string_view text);
// ASCII letters lowered; other bytes (UTF-8 sequences) kept.
std::string ascii_lower(std::string_view text);
// At most `max_bytes` of `text`, cut at a UTF-8 character boundary, with "…" when cut.
std::string utf8_truncate(std::string_view text, std::size_t max_bytes);

// The text of a screen prepared once for every rule: logical lines (soft-wrapped console
// rows joined), normalized, empty ones dropped, then joined with one space, so a sentence
// that wraps matches as one and the bottom lines are a suffix of the whole.
class ScreenLines {
 public:
  // `screen_width` (pixels) tells which rows filled the console's width and so continue on
  // the next row; only for console-font text (OCR lines are kept as they are).
  ScreenLines(const screen::ScreenText& text, int screen_width, bool with_lowercase);

  std::size_t size() const { return starts_.size(); }
  bool empty() const { return starts_.empty(); }
  std::string_view line(std::size_t index) const;
  std::string_view last_line() const;
  const std::string& joined() const { return joined_; }
  const std::string& joined_lower() const { return lower_; }  // empty unless asked for
  // Offset in joined() where the last `count` lines start.
  std::size_t bottom_offset(int count) const;
  // The line holding byte `offset` of joined().
  std::size_t line_at(std::size_t offset) const;
  // Lines [first, last] joined with '\n'.
  std::string lines_text(std::size_t first, std::size_t last) const;

 private:
  void add_line(std::string_view raw);

  std::string joined_;
  std::string lower_;
  std::vector<std::size_t> starts_;  // offset of each line in joined_
  std::vector<std::size_t> ends_;
};

}  // namespace mks::fleet
