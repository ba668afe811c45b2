#include "agent/fleet/state_rules.h"

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "agent/fleet/screen_lines.h"

namespace mks::fleet {

bool is_severity(std::string_view name) {
  return std::find(std::begin(kSeverities), std::end(kSeverities), name) != std::end(kSeverities);
}

namespace {

// A rule ready to test: texts normalized (and lowered for ignore_case), regexes compiled,
// needle areas prepared.
struct PreparedRule {
  StateRule rule;
  std::vector<std::regex> last_line;
  std::vector<screen::AreaMatcher> needle_areas;
};

[[noreturn]] void invalid(const StateRule& rule, const std::string& what) {
  throw std::invalid_argument(rule.id + ": " + what + " in state \"" + rule.state + "\"");
}

std::string prepared_text(const StateRule& rule, const std::string& text) {
  std::string out = normalize_text(text);
  if (out.empty()) invalid(rule, "empty text");
  return rule.ignore_case ? ascii_lower(out) : out;
}

std::regex compile_regex(const StateRule& rule, const std::string& source) {
  auto flags = std::regex::ECMAScript | std::regex::optimize;
  if (rule.ignore_case) flags |= std::regex::icase;
  try {
    return std::regex(source, flags);
  } catch (const std::regex_error& e) {
    invalid(rule, "invalid regex '" + source + "' (" + e.what() + ")");
  }
}

PreparedRule prepare(StateRule rule) {
  if (rule.state.empty()) throw std::invalid_argument(rule.id + ": a state needs a name");
  if (!is_severity(rule.severity)) {
    invalid(rule,
            "unknown severity '" + rule.severity + "' (critical, error, warning, info or ok)");
  }
  if (rule.bottom_lines < 1) invalid(rule, "bottom_lines must be 1 or more");
  if (!rule.has_text_tests() && !rule.blank && !rule.text_console && !rule.needle) {
    invalid(rule, "no tests (it would match every screen)");
  }
  PreparedRule out;
  for (const auto& source : rule.last_line) out.last_line.push_back(compile_regex(rule, source));
  for (auto* groups : {&rule.text, &rule.bottom}) {
    for (auto& group : *groups) {
      if (group.empty()) invalid(rule, "empty list of texts");
      for (auto& text : group) text = prepared_text(rule, text);
    }
  }
  for (auto& text : rule.absent) text = prepared_text(rule, text);
  if (rule.needle) {
    rule.needle->validate();
    for (const auto& area : rule.needle->effective_areas()) {
      out.needle_areas.emplace_back(rule.needle->reference, area);
    }
  }
  out.rule = std::move(rule);
  return out;
}

bool one_colour(const codecs::Image& screen) {
  const auto pixels = screen.pixels();
  if (pixels.empty()) return true;
  const codecs::Pixel first = pixels.front() & 0x00FFFFFFu;
  return std::all_of(pixels.begin(), pixels.end(),
                     [first](codecs::Pixel p) { return (p & 0x00FFFFFFu) == first; });
}

// The text one rule tests, and the lines its tests matched (for the excerpt).
class TextMatch {
 public:
  TextMatch(const ScreenLines& lines, bool ignore_case)
      : lines_(lines), haystack_(ignore_case ? lines.joined_lower() : lines.joined()) {}

  // Any group whose texts are all present at or after `from`.
  bool any_group(const TextGroups& groups, std::size_t from) {
    for (const auto& group : groups) {
      const std::size_t matched = matched_.size();
      if (all_present(group, from)) return true;
      matched_.resize(matched);
    }
    return false;
  }

  bool none_present(const std::vector<std::string>& texts) const {
    return std::none_of(texts.begin(), texts.end(), [this](const std::string& text) {
      return haystack_.find(text) != std::string::npos;
    });
  }

  bool last_line_matches(const std::vector<std::regex>& regexes) {
    const std::string_view line = lines_.last_line();
    for (const auto& regex : regexes) {
      if (std::regex_search(line.data(), line.data() + line.size(), regex)) {
        matched_.push_back(lines_.size() - 1);
        return true;
      }
    }
    return false;
  }

  std::string excerpt() {
    std::sort(matched_.begin(), matched_.end());
    matched_.erase(std::unique(matched_.begin(), matched_.end()), matched_.end());
    std::string out;
    for (std::size_t line : matched_) {
      if (!out.empty()) out += '\n';
      out += lines_.line(line);
    }
    return out;
  }

 private:
  bool all_present(const std::vector<std::string>& group, std::size_t from) {
    for (const auto& text : group) {
      const std::size_t at = haystack_.find(text, from);
      if (at == std::string::npos) return false;
      const std::size_t first = lines_.line_at(at);
      const std::size_t last = lines_.line_at(at + text.size() - 1);
      for (std::size_t line = first; line <= last; ++line) matched_.push_back(line);
    }
    return true;
  }

  const ScreenLines& lines_;
  const std::string& haystack_;
  std::vector<std::size_t> matched_;
};

std::string bottom_excerpt(const ScreenLines* lines) {
  if (lines == nullptr || lines->empty()) return "";
  const std::size_t first = lines->line_at(lines->bottom_offset(kDefaultBottomLines));
  return lines->lines_text(first, lines->size() - 1);
}

}  // namespace

struct StateRules::Compiled {
  std::vector<PreparedRule> rules;
  bool wants_ocr = false;
  bool any_ignore_case = false;
};

namespace {

// Everything classify() learns about one screen, each at most once.
struct ScreenFacts {
  const codecs::Image& screen;
  std::optional<ScreenLines> font;
  std::optional<ScreenLines> ocr;
  std::optional<bool> blank;

  bool is_blank() {
    if (!blank) blank = one_colour(screen) || (font && font->empty());
    return *blank;
  }
  bool from_ocr(const ScreenLines* lines) const { return ocr && lines == &*ocr; }
  const ScreenLines* text_for(const StateRule& rule) const {
    if (font) return &*font;
    if (rule.ocr && ocr) return &*ocr;
    return nullptr;
  }
};

// The excerpt when `rule` holds on the screen.
std::optional<std::string> test(const PreparedRule& prepared, ScreenFacts& facts) {
  const StateRule& rule = prepared.rule;
  if (rule.text_console && *rule.text_console != facts.font.has_value()) return std::nullopt;
  if (rule.blank && *rule.blank != facts.is_blank()) return std::nullopt;
  std::string excerpt;
  if (rule.has_text_tests()) {
    const ScreenLines* lines = facts.text_for(rule);
    if (lines == nullptr || lines->empty()) return std::nullopt;
    TextMatch match(*lines, rule.ignore_case);
    if (!match.none_present(rule.absent)) return std::nullopt;
    if (!rule.text.empty() && !match.any_group(rule.text, 0)) return std::nullopt;
    if (!rule.bottom.empty() &&
        !match.any_group(rule.bottom, lines->bottom_offset(rule.bottom_lines))) {
      return std::nullopt;
    }
    if (!prepared.last_line.empty() && !match.last_line_matches(prepared.last_line)) {
      return std::nullopt;
    }
    excerpt = match.excerpt();
  }
  for (const auto& area : prepared.needle_areas) {
    if (!area.match(facts.screen).ok) return std::nullopt;
  }
  return excerpt;
}

}  // namespace

StateRules::StateRules() : compiled_(std::make_shared<Compiled>()) {}

StateRules::StateRules(std::vector<StateRule> rules) {
  auto compiled = std::make_shared<Compiled>();
  for (auto& rule : rules) {
    compiled->wants_ocr = compiled->wants_ocr || (rule.ocr && rule.has_text_tests());
    compiled->any_ignore_case = compiled->any_ignore_case || rule.ignore_case;
    compiled->rules.push_back(prepare(std::move(rule)));
  }
  compiled_ = std::move(compiled);
}

std::size_t StateRules::size() const {
  return compiled_->rules.size();
}

const StateRule& StateRules::rule(std::size_t index) const {
  return compiled_->rules.at(index).rule;
}

bool StateRules::wants_ocr() const {
  return compiled_->wants_ocr;
}

Classification StateRules::classify(const codecs::Image& screen,
                                    const std::optional<screen::ScreenText>& font_text,
                                    const std::optional<screen::ScreenText>& ocr_text) const {
  const bool lower = compiled_->any_ignore_case;
  ScreenFacts facts{screen, std::nullopt, std::nullopt, std::nullopt};
  if (font_text) facts.font.emplace(*font_text, screen.width(), lower);
  if (ocr_text && !font_text) facts.ocr.emplace(*ocr_text, screen.width(), lower);
  const ScreenLines* any_text = facts.font ? &*facts.font : (facts.ocr ? &*facts.ocr : nullptr);

  for (const auto& prepared : compiled_->rules) {
    std::optional<std::string> excerpt = test(prepared, facts);
    if (!excerpt) continue;
    const ScreenLines* text = facts.text_for(prepared.rule);
    if (!prepared.rule.has_text_tests() || excerpt->empty()) {
      text = any_text;
      *excerpt = bottom_excerpt(text);
    }
    return {prepared.rule.state, prepared.rule.severity, prepared.rule.id,
            utf8_truncate(*excerpt, kMaxExcerptBytes), facts.from_ocr(text)};
  }
  return {kUnknownState, kUnknownSeverity, "",
          utf8_truncate(bottom_excerpt(any_text), kMaxExcerptBytes), facts.from_ocr(any_text)};
}

}  // namespace mks::fleet
