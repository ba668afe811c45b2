#include "cli/junit_report.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <stdexcept>

namespace mks::cli {
namespace {

namespace fs = std::filesystem;

constexpr char32_t kReplacement = 0xFFFD;
constexpr char32_t kControlPictures = 0x2400;  // U+2400 SYMBOL FOR NULL .. U+241F

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The code point of the UTF-8 sequence at text[at] and its length; length 0 when the bytes
// there are not UTF-8 (a stray continuation byte, a cut sequence, an overlong form, a
// surrogate, a code point past U+10FFFF).
std::size_t decode_utf8(std::string_view text, std::size_t at, char32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[at + i]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  if (cp < kLeast[length] || surrogate || cp > 0x10FFFF) return 0;
  return length;
}

// What stands in the XML for a code point XML 1.0 does not allow (Char production).
char32_t allowed_stand_in(char32_t cp) {
  if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return kControlPictures + cp;
  if (cp == 0xFFFE || cp == 0xFFFF) return kReplacement;
  return cp;
}

void append_escaped(std::string& out, char32_t cp, bool attribute) {
  switch (cp) {
    case '&':
      out += "&amp;";
      return;
    case '<':
      out += "&lt;";
      return;
    case '>':
      out += "&gt;";
      return;
    case '"':
      out += attribute ? "&quot;" : "\"";
      return;
    case '\t':
      out += attribute ? "&#9;" : "\t";
      return;
    case '\n':
      out += attribute ? "&#10;" : "\n";
      return;
    case '\r':
      out += "&#13;";
      return;  // a bare CR in text would be read as a line break
    default:
      append_utf8(out, cp);
  }
}

std::string seconds_text(double seconds) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, seconds < 0 ? 0.0 : seconds,
                                    std::chars_format::fixed, 3);
  return std::string(buffer, result.ptr);
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value, true) + "\"";
}

std::string outcome_element(const JUnitCase& c) {
  if (c.outcome == JUnitCase::Outcome::kPassed) return "";
  const char* element = c.outcome == JUnitCase::Outcome::kFailed ? "failure" : "error";
  return "      <" + std::string(element) + attribute("message", c.message) +
         attribute("type", c.type) + ">" + xml_escape(c.details) + "</" + element + ">\n";
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    char32_t cp = 0;
    const std::size_t length = decode_utf8(text, at, cp);
    append_escaped(out, length == 0 ? kReplacement : allowed_stand_in(cp), attribute);
    at += length == 0 ? 1 : length;
  }
  return out;
}

std::string junit_xml(const JUnitCase& c) {
  const bool failed = c.outcome == JUnitCase::Outcome::kFailed;
  const bool error = c.outcome == JUnitCase::Outcome::kError;
  const std::string counts = attribute("tests", "1") + attribute("failures", failed ? "1" : "0") +
                             attribute("errors", error ? "1" : "0");
  const std::string time = attribute("time", seconds_text(c.seconds));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + attribute("name", "mksagent") + counts + time + ">\n";
  xml += "  <testsuite" + attribute("name", "mksagent") + counts + attribute("skipped", "0") +
         time + attribute("timestamp", c.timestamp) + attribute("hostname", c.hostname) + ">\n";
  xml += "    <testcase" + attribute("classname", c.classname) + attribute("name", c.name) + time +
         ">\n";
  xml += outcome_element(c);
  xml += "      <system-out>" + xml_escape(c.system_out) + "</system-out>\n";
  xml += "    </testcase>\n  </testsuite>\n</testsuites>\n";
  return xml;
}

void write_junit_file(const fs::path& file, const JUnitCase& test_case) {
  const std::string xml = junit_xml(test_case);
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << xml;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw std::runtime_error("cannot write the JUnit file " + file.string());
    }
  }
  std::error_code failed;
  fs::rename(temporary, file, failed);
  if (failed) {
    fs::remove(temporary, failed);
    throw std::runtime_error("cannot write the JUnit file " + file.string());
  }
}

}  // namespace mks::cli
