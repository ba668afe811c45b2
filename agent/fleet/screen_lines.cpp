#include "agent/fleet/screen_lines.h"

#include <algorithm>

namespace mks::fleet {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

// Console fonts are 8 pixels wide, in 9-pixel cells in VGA text mode: the console has
// width/9 or width/8 columns. When a row is longer than width/9 it must be width/8.
std::size_t console_columns(const std::vector<std::string>& rows, int screen_width) {
  if (screen_width <= 0) return 0;
  std::size_t longest = 0;
  for (const auto& row : rows) longest = std::max(longest, code_points(row));
  const auto narrow = static_cast<std::size_t>(screen_width / 9);
  const auto wide = static_cast<std::size_t>(screen_width / 8);
  return longest > narrow ? wide : narrow;
}

}  // namespace

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (is_blank(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string utf8_truncate(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
  std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && is_continuation_byte(text[cut])) --cut;
  return std::string(text.substr(0, cut)) + std::string(kEllipsis);
}

ScreenLines::ScreenLines(const screen::ScreenText& text, int screen_width, bool with_lowercase) {
  const bool console = text.source == screen::ScreenText::Source::kFont;
  const std::size_t columns = console ? console_columns(text.lines, screen_width) : 0;
  std::string logical;
  for (const auto& row : text.lines) {
    logical += row;
    if (columns > 0 && code_points(row) == columns) continue;  // soft-wrapped: goes on
    add_line(logical);
    logical.clear();
  }
  if (!logical.empty()) add_line(logical);
  if (with_lowercase) lower_ = ascii_lower(joined_);
}

void ScreenLines::add_line(std::string_view raw) {
  std::string line = normalize_text(raw);
  if (line.empty()) return;
  if (!joined_.empty()) joined_ += ' ';
  starts_.push_back(joined_.size());
  joined_ += line;
  ends_.push_back(joined_.size());
}

std::string_view ScreenLines::line(std::size_t index) const {
  return std::string_view(joined_).substr(starts_[index], ends_[index] - starts_[index]);
}

std::string_view ScreenLines::last_line() const {
  return empty() ? std::string_view() : line(size() - 1);
}

std::size_t ScreenLines::bottom_offset(int count) const {
  if (count <= 0) return joined_.size();
  if (static_cast<std::size_t>(count) >= size()) return 0;
  return starts_[size() - static_cast<std::size_t>(count)];
}

std::size_t ScreenLines::line_at(std::size_t offset) const {
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return after == starts_.begin() ? 0 : static_cast<std::size_t>(after - starts_.begin()) - 1;
}

std::string ScreenLines::lines_text(std::size_t first, std::size_t last) const {
  std::string out;
  for (std::size_t i = first; i <= last && i < size(); ++i) {
    if (i > first) out += '\n';
    out += line(i);
  }
  return out;
}

}  // namespace mks::fleet
