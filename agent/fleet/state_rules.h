#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/fleet/state_rule.h"
#include "agent/screen/text_reader.h"
#include "codecs/image.h"

namespace mks::fleet {

struct Classification {
  std::string state;     // a state name, "unknown" when nothing matched
  std::string severity;  // of that state
  std::string rule;      // which rule matched ("" for unknown), e.g. "states.lua:41"
  std::string excerpt;   // the matching line(s) or the bottom lines, at most ~240 chars
  bool ocr = false;      // the text came from tesseract
};

inline constexpr std::size_t kMaxExcerptBytes = 240;

// Rules in order; the first whose tests all hold gives the state. Loaded once, then const:
// classify() may run on any thread at once (regexes and needle areas are prepared here).
class StateRules {
 public:
  StateRules();  // no rules: every screen is "unknown"
  // Throws std::invalid_argument "ID: …" for a regex that does not compile, an unknown
  // severity, an empty state name or a bottom line count below 1.
  explicit StateRules(std::vector<StateRule> rules);

  std::size_t size() const;
  const StateRule& rule(std::size_t index) const;

  bool wants_ocr() const;  // some rule tests text on screens that are not text consoles
  // `font_text`: FontTextReader's reading (nullopt: not a text console); `ocr_text`:
  // tesseract's, when it was run.
  Classification classify(const codecs::Image& screen,
                          const std::optional<screen::ScreenText>& font_text,
                          const std::optional<screen::ScreenText>& ocr_text) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;  // immutable, shared by copies
};

}  // namespace mks::fleet
