#include "agent/fleet/state_rules.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/state_rules_helpers.h"

namespace mks::fleet {
namespace {

using codecs::Image;
using codecs::rgb;
using screen::ScreenText;

using test::console;
using test::text_screen;

StateRule rule(std::string state, std::string id) {
  StateRule r;
  r.state = std::move(state);
  r.severity = "error";
  r.id = std::move(id);
  return r;
}

Classification classify(const StateRules& rules, std::vector<std::string> lines) {
  return rules.classify(text_screen(), console(std::move(lines)), std::nullopt);
}

TEST(StateRules, FirstMatchingRuleWinsInDeclarationOrder) {
  auto first = rule("first", "r.lua:1");
  first.text = {{"alpha"}};
  auto second = rule("second", "r.lua:2");
  second.text = {{"alpha"}};
  const StateRules rules({first, second});
  const auto result = classify(rules, {"alpha beta"});
  EXPECT_EQ(result.state, "first");
  EXPECT_EQ(result.rule, "r.lua:1");
  EXPECT_EQ(result.severity, "error");
  EXPECT_EQ(result.excerpt, "alpha beta");
  EXPECT_FALSE(result.ocr);
}

TEST(StateRules, NothingMatchingIsUnknownWithTheBottomLinesAsExcerpt) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"absent text"}};
  const StateRules rules({r});
  const auto result = classify(rules, {"one", "", "two", "three", "four", "five", ""});
  EXPECT_EQ(result.state, "unknown");
  EXPECT_EQ(result.severity, "warning");
  EXPECT_EQ(result.rule, "");
  EXPECT_EQ(result.excerpt, "two\nthree\nfour\nfive");
}

TEST(StateRules, BottomLooksOnlyAtTheLastNonEmptyLines) {
  auto r = rule("x", "r.lua:1");
  r.bottom = {{"needle"}};
  r.bottom_lines = 2;
  const StateRules rules({r});
  EXPECT_EQ(classify(rules, {"needle", "a", "b"}).state, "unknown");
  EXPECT_EQ(classify(rules, {"needle", "", "", "b", "", ""}).state, "x");
}

TEST(StateRules, SoftWrappedRowsAreJoinedBeforeMatching) {
  auto r = rule("x", "r.lua:1");
  r.last_line = {"^A+B+$"};
  const StateRules rules({r});
  const std::string full_row(80, 'A');  // fills the 80 columns: continues on the next row
  EXPECT_EQ(classify(rules, {"log", full_row, "BBB"}).state, "x");
  EXPECT_EQ(classify(rules, {"log", full_row.substr(1), "BBB"}).state, "unknown");
}

TEST(StateRules, SentencesMatchAcrossLinesAndBlankRunsReadAsOneSpace) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"GNU GRUB version 2.06", "to edit the commands before booting"}};
  const StateRules rules({r});
  const auto result = classify(rules, {"        GNU GRUB  version 2.06", "",
                                       "      Press enter to boot the selected OS, `e' to edit "
                                       "the commands",
                                       "      before booting or `c' for a command-line."});
  EXPECT_EQ(result.state, "x");
  EXPECT_EQ(result.excerpt,
            "GNU GRUB version 2.06\nPress enter to boot the selected OS, `e' to edit the "
            "commands\nbefore booting or `c' for a command-line.");
}

TEST(StateRules, AListIsAnyOfAndAListInsideIsAllOf) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"one"}, {"two", "three"}};
  const StateRules rules({r});
  EXPECT_EQ(classify(rules, {"one"}).state, "x");
  EXPECT_EQ(classify(rules, {"three", "two"}).state, "x");
  EXPECT_EQ(classify(rules, {"two"}).state, "unknown");
}

TEST(StateRules, IgnoreCaseAppliesToTextsAndRegexes) {
  auto r = rule("x", "r.lua:1");
  r.ignore_case = true;
  r.text = {{"PXE-M0F"}};
  r.last_line = {"^operating system not found"};
  const StateRules rules({r});
  EXPECT_EQ(
      classify(rules, {"PXE-M0f: Exiting Intel PXE ROM.", "Operating system not found."}).state,
      "x");
  auto strict = r;
  strict.ignore_case = false;
  EXPECT_EQ(classify(StateRules({strict}), {"PXE-M0f: x", "Operating system not found."}).state,
            "unknown");
}

TEST(StateRules, AbsentTextVetoesTheRule) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"Select boot device:"}};
  r.absent = {"Booting from"};
  const StateRules rules({r});
  EXPECT_EQ(classify(rules, {"Select boot device:", "1. DVD/CD"}).state, "x");
  EXPECT_EQ(classify(rules, {"Select boot device:", "Booting from Hard Disk..."}).state, "unknown");
}

TEST(StateRules, LastLineRegexLooksAtTheLastNonEmptyLineOnly) {
  auto r = rule("login", "r.lua:1");
  r.last_line = {R"(^(\S+ )?login: ?\S*$)"};
  const StateRules rules({r});
  EXPECT_EQ(classify(rules, {"web1 login: ", "", ""}).state, "login");
  EXPECT_EQ(classify(rules, {"web1 login: ", "Started getty"}).state, "unknown");
}

TEST(StateRules, ExcerptIsCutAt240BytesOnACharacterBoundary) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"start"}};
  const StateRules rules({r});
  std::string line = "start ";
  while (line.size() < 400) line += "\xC3\xA9";  // é
  const auto result = classify(rules, {line});
  EXPECT_LE(result.excerpt.size(), kMaxExcerptBytes);
  EXPECT_GT(result.excerpt.size(), kMaxExcerptBytes - 4);
  EXPECT_EQ(result.excerpt.substr(result.excerpt.size() - 3), "\xE2\x80\xA6");
  const std::string before = result.excerpt.substr(0, result.excerpt.size() - 3);
  EXPECT_EQ(before.substr(before.size() - 2), "\xC3\xA9");  // no broken sequence
}

TEST(StateRules, BlankIsOneColourOrAnEmptyConsole) {
  auto r = rule("blank", "r.lua:1");
  r.blank = true;
  const StateRules rules({r});
  EXPECT_EQ(rules.classify(Image(720, 400, rgb(0, 0, 0x80)), std::nullopt, std::nullopt).state,
            "blank");
  EXPECT_EQ(rules.classify(text_screen(), console({"", ""}), std::nullopt).state, "blank");
  EXPECT_EQ(rules.classify(text_screen(), console({"x"}), std::nullopt).state, "unknown");
  EXPECT_EQ(rules.classify(text_screen(), std::nullopt, std::nullopt).state, "unknown");
}

TEST(StateRules, NotATextConsoleHoldsOnlyWithoutConsoleText) {
  auto r = rule("graphical", "r.lua:1");
  r.text_console = false;
  const StateRules rules({r});
  EXPECT_EQ(rules.classify(text_screen(), std::nullopt, std::nullopt).state, "graphical");
  EXPECT_EQ(rules.classify(text_screen(), console({"x"}), std::nullopt).state, "unknown");
}

TEST(StateRules, OcrRulesReadTesseractTextWhenThereIsNoConsoleText) {
  auto ocr_rule = rule("windows", "r.lua:1");
  ocr_rule.ocr = true;
  ocr_rule.text = {{"needs to be repaired"}};
  auto console_rule = rule("console-only", "r.lua:2");
  console_rule.text = {{"Recovery"}};
  const StateRules rules({console_rule, ocr_rule});
  EXPECT_TRUE(rules.wants_ocr());
  EXPECT_FALSE(StateRules({console_rule}).wants_ocr());

  ScreenText ocr;
  ocr.source = ScreenText::Source::kOcr;
  ocr.lines = {"Recovery", "", "Your PC/Device needs to be repaired"};
  const auto result = rules.classify(text_screen(), std::nullopt, ocr);
  EXPECT_EQ(result.state, "windows");
  EXPECT_TRUE(result.ocr);
  EXPECT_EQ(result.excerpt, "Your PC/Device needs to be repaired");
  // A text console's own text is what counts when there is one.
  EXPECT_EQ(rules.classify(text_screen(), console({"Recovery"}), ocr).state, "console-only");
  EXPECT_FALSE(rules.classify(text_screen(), console({"Recovery"}), ocr).ocr);
}

TEST(StateRules, NeedleRuleComparesTheReferenceArea) {
  Image reference = text_screen();
  reference.fill({100, 100, 50, 20}, rgb(0xFF, 0xFF, 0x55));
  auto r = rule("menu", "r.lua:1");
  r.needle = screen::Needle{"menu.png", reference, {{{90, 90, 70, 40}, 0.95, 2}}};
  const StateRules rules({r});
  Image shifted = text_screen();
  shifted.fill({101, 99, 50, 20}, rgb(0xFF, 0xFF, 0x55));
  EXPECT_EQ(rules.classify(shifted, std::nullopt, std::nullopt).state, "menu");
  EXPECT_EQ(rules.classify(text_screen(), std::nullopt, std::nullopt).state, "unknown");
}

TEST(StateRules, BadRulesAreRefusedNamingTheirDeclaration) {
  auto bad_regex = rule("x", "r.lua:7");
  bad_regex.last_line = {"(unclosed"};
  try {
    StateRules({bad_regex});
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("r.lua:7: invalid regex '(unclosed'", 0), 0u) << e.what();
  }
  auto no_tests = rule("x", "r.lua:8");
  EXPECT_THROW(StateRules({no_tests}), std::invalid_argument);
  auto bad_severity = rule("x", "r.lua:9");
  bad_severity.text = {{"a"}};
  bad_severity.severity = "fatal";
  EXPECT_THROW(StateRules({bad_severity}), std::invalid_argument);
}

TEST(StateRules, ClassifyGivesTheSameAnswersFromManyThreads) {
  auto r = rule("x", "r.lua:1");
  r.text = {{"alpha"}};
  r.last_line = {"^omega$"};
  const StateRules rules({r});
  const Image screen = text_screen();
  const auto good = console({"alpha", "omega"});
  const auto bad = console({"alpha", "beta"});
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (rules.classify(screen, good, std::nullopt).state != "x") ++wrong[t];
        if (rules.classify(screen, bad, std::nullopt).state != "unknown") ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace mks::fleet
