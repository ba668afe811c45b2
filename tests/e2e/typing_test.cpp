// End to end: `mksagent type` against `webmks-sim`, each a real process: every character
// arrives at the simulator as the key events of the guest's layout.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

using KeyEvent = std::pair<unsigned, bool>;  // scancode, down

constexpr unsigned kLeftShift = 0x2A;

// Runs `mksagent type` and returns the key events the simulator printed.
std::vector<KeyEvent> type_and_collect(SimProcess& sim, const std::string& text,
                                       const std::string& layout) {
  auto run = run_child(bin_path("mksagent"),
                       {"type", sim.ticket_url(), text, "--layout", layout, "--insecure"},
                       std::chrono::seconds(60));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<KeyEvent> keys;
  for (const auto& e : sim.drain_events()) {
    if (e.value("event", "") != "key") continue;
    keys.emplace_back(std::stoul(e.at("scancode").get<std::string>(), nullptr, 16),
                      e.at("down").get<bool>());
  }
  return keys;
}

// The events that type a character: Shift held around the key when `shift`.
void add_stroke(std::vector<KeyEvent>& out, unsigned scancode, bool shift) {
  if (shift) out.emplace_back(kLeftShift, true);
  out.emplace_back(scancode, true);
  out.emplace_back(scancode, false);
  if (shift) out.emplace_back(kLeftShift, false);
}

struct KeyRow {
  std::string_view plain;
  std::string_view shifted;
  unsigned first_scancode;
};

// The US keyboard by rows of PC set-1 scancodes, written out independently of the agent's
// table (as Packer's PC-XT driver lists them).
constexpr KeyRow kUsRows[] = {
    {"1234567890-=", "!@#$%^&*()_+", 0x02},
    {"qwertyuiop[]", "QWERTYUIOP{}", 0x10},
    {"asdfghjkl;'`", "ASDFGHJKL:\"~", 0x1E},
    {"\\zxcvbnm,./", "|ZXCVBNM<>?", 0x2B},
};

std::pair<unsigned, bool> us_key(char c) {
  if (c == ' ') return {0x39, false};
  for (const auto& row : kUsRows) {
    if (auto at = row.plain.find(c); at != std::string_view::npos) {
      return {row.first_scancode + static_cast<unsigned>(at), false};
    }
    if (auto at = row.shifted.find(c); at != std::string_view::npos) {
      return {row.first_scancode + static_cast<unsigned>(at), true};
    }
  }
  ADD_FAILURE() << "no US key for '" << c << "'";
  return {0, false};
}

TEST(Typing, Us_EveryPrintableAsciiCharacterArrivesAsItsScancodeWithShiftState) {
  SimProcess sim;
  std::string text;
  for (char c = 0x21; c <= 0x7E; ++c) text.push_back(c);
  text.push_back(' ');  // last: the command line keeps a trailing space, and it is a key too
  std::vector<KeyEvent> expected;
  for (char c : text) {
    const auto [scancode, shift] = us_key(c);
    add_stroke(expected, scancode, shift);
  }
  EXPECT_EQ(type_and_collect(sim, text, "us"), expected);
}

TEST(Typing, Jp_JisCharactersArriveAsJisScancodes) {
  SimProcess sim({"--layout", "jp"});
  const std::string text = "@[]:_\\\u00a5^|";
  const std::vector<std::pair<unsigned, bool>> jis = {
      {0x1A, false},  // @
      {0x1B, false},  // [
      {0x2B, false},  // ]
      {0x28, false},  // :
      {0x73, true},   // _  Shift+Ro
      {0x73, false},  // \  Ro
      {0x7D, false},  // ¥  Yen
      {0x0D, false},  // ^
      {0x7D, true},   // |  Shift+Yen
  };
  std::vector<KeyEvent> expected;
  for (auto [scancode, shift] : jis) add_stroke(expected, scancode, shift);
  EXPECT_EQ(type_and_collect(sim, text, "jp"), expected);
}

TEST(Typing, CharacterTheLayoutLacks_ExitTwoBeforeConnecting) {
  SimProcess sim;
  auto run = run_child(bin_path("mksagent"),
                       {"type", sim.ticket_url(), "a\u00a5", "--layout", "us", "--insecure"},
                       std::chrono::seconds(60));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("U+00A5"), std::string::npos) << run.err;
  for (const auto& e : sim.drain_events()) EXPECT_NE(e.value("event", ""), "key") << e.dump();
}

}  // namespace
}  // namespace mks::test
