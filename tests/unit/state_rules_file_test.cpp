#include "scripting/state_rules_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "codecs/png.h"
#include "temp_dir.h"

namespace mks::scripting {
namespace {

using codecs::Image;
using codecs::rgb;

std::filesystem::path write_rules(const test::TempDir& dir, const std::string& source) {
  const auto path = dir.path / "states.lua";
  std::ofstream(path) << source;
  return path;
}

// The message of the error loading `source` throws.
std::string load_error(const std::string& source) {
  test::TempDir dir;
  try {
    load_state_rules(write_rules(dir, source));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_one_line_starting(const std::string& message, const std::string& start) {
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind(start, 0), 0u) << message;
}

TEST(StateRulesFile, ReadsEveryKeyAndNamesRulesByFileAndLine) {
  test::TempDir dir;
  const auto rules = load_state_rules(write_rules(dir, R"(-- comment
state "kernel-panic" { severity = "critical", bottom = "---[ end Kernel panic - not syncing:" }

state "login-prompt" {
  severity = "ok",
  last_line = [[^\S+ login: ?$]],
}
state "pxe" {
  severity = "error", ignore_case = true, bottom_lines = 3,
  text = {"one", {"two", "three"}}, absent = {"four", "five"}, last_line = {"a", "b"},
}
state "win" { severity = "error", ocr = true, text = "needs to be repaired" }
state "blank" { severity = "warning", blank = true }
state "graphical" { severity = "warning", text_console = false }
)"));
  ASSERT_EQ(rules.size(), 6u);
  EXPECT_EQ(rules.rule(0).id, "states.lua:2");
  EXPECT_EQ(rules.rule(0).state, "kernel-panic");
  EXPECT_EQ(rules.rule(0).severity, "critical");
  EXPECT_EQ(rules.rule(0).bottom, (fleet::TextGroups{{"---[ end Kernel panic - not syncing:"}}));
  EXPECT_EQ(rules.rule(1).id, "states.lua:4");
  EXPECT_EQ(rules.rule(1).last_line, std::vector<std::string>{R"(^\S+ login: ?$)"});
  const auto& pxe = rules.rule(2);
  EXPECT_EQ(pxe.id, "states.lua:8");
  EXPECT_TRUE(pxe.ignore_case);
  EXPECT_EQ(pxe.bottom_lines, 3);
  EXPECT_EQ(pxe.text, (fleet::TextGroups{{"one"}, {"two", "three"}}));
  EXPECT_EQ(pxe.absent, (std::vector<std::string>{"four", "five"}));
  EXPECT_EQ(pxe.last_line, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(rules.rule(3).ocr);
  EXPECT_EQ(rules.rule(4).blank, true);
  EXPECT_EQ(rules.rule(5).text_console, false);
  EXPECT_TRUE(rules.wants_ocr());
}

TEST(StateRulesFile, NeedlesAreFoundBesideTheRulesFile) {
  test::TempDir dir;
  Image reference(80, 40, rgb(0, 0, 0));
  reference.fill({10, 10, 20, 10}, rgb(0xAA, 0xAA, 0xAA));
  codecs::write_png_file(reference, dir.path / "menu.png");
  const auto rules = load_state_rules(write_rules(dir, R"(
state "grub-menu" { severity = "info", needle = "menu.png" }
state "grub-menu" {
  severity = "info",
  needle = {"menu.png", area = {x = 5, y = 5, w = 30, h = 20}, similarity = 0.9, margin = 3},
}
)"));
  ASSERT_EQ(rules.size(), 2u);
  ASSERT_TRUE(rules.rule(1).needle);
  ASSERT_EQ(rules.rule(1).needle->areas.size(), 1u);
  EXPECT_EQ(rules.rule(1).needle->areas[0].rect, (codecs::Rect{5, 5, 30, 20}));
  EXPECT_EQ(rules.rule(1).needle->areas[0].margin, 3);
  EXPECT_EQ(rules.classify(reference, std::nullopt, std::nullopt).rule, "states.lua:2");
}

TEST(StateRulesFile, SyntaxErrorIsOneLineWithFileAndLine) {
  expect_one_line_starting(load_error("state \"x\" { severity = \"ok\", blank = true }\n"
                                      "state \"y\" { severity = \"ok\"\n"
                                      "state \"z\" { }\n"),
                           "states.lua:3:");
}

TEST(StateRulesFile, UnknownKeyNamesTheKeyTheStateAndItsLine) {
  EXPECT_EQ(
      load_error("\n\n\n\n\n\n\n\n\n\n\nstate \"x\" { severity = \"error\", botom = \"y\" }\n"),
      "states.lua:12: unknown key 'botom' in state \"x\"");
}

TEST(StateRulesFile, InvalidRegexIsOneLineWithFileAndLine) {
  const std::string message = load_error(
      "state \"a\" { severity = \"ok\", blank = true }\n"
      "state \"b\" {\n  severity = \"ok\",\n  last_line = \"login: (\",\n}\n");
  expect_one_line_starting(message, "states.lua:2: invalid regex 'login: ('");
  EXPECT_NE(message.find("in state \"b\""), std::string::npos) << message;
}

TEST(StateRulesFile, UnknownSeverityIsRefused) {
  expect_one_line_starting(load_error("state \"x\" { severity = \"fatal\", blank = true }"),
                           "states.lua:1: unknown severity 'fatal'");
}

TEST(StateRulesFile, MissingNeedleFileIsRefused) {
  const std::string message =
      load_error("\nstate \"x\" { severity = \"info\", needle = \"nowhere.png\" }");
  expect_one_line_starting(message,
                           "states.lua:2: state \"x\": needle file 'nowhere.png' not found");
}

TEST(StateRulesFile, BadValuesAndShapesAreOneLineEach) {
  expect_one_line_starting(load_error("state \"x\" { severity = \"ok\", text = 3 }"),
                           "states.lua:1: state \"x\": 'text' must be a string or a list");
  expect_one_line_starting(load_error("state \"x\" { severity = \"ok\", blank = \"yes\" }"),
                           "states.lua:1: state \"x\": 'blank' must be true or false");
  expect_one_line_starting(load_error("state \"x\" { blank = true }"),
                           "states.lua:1: state \"x\": no severity");
  expect_one_line_starting(load_error("\nstate \"x\""), "states.lua:2: state \"x\" has no body");
  expect_one_line_starting(load_error("state { severity = \"ok\" }"),
                           "states.lua:1: state needs a name");
  expect_one_line_starting(load_error("state \"x\" { severity = \"ok\", \"loose\" }"),
                           "states.lua:1: state \"x\": a value without a key");
}

TEST(StateRulesFile, SandboxHasNoOsIoOrFileLoading) {
  expect_one_line_starting(load_error("os.execute('true')"), "states.lua:1:");
  expect_one_line_starting(load_error("\nio.open('/etc/passwd')"), "states.lua:2:");
  expect_one_line_starting(load_error("dofile('/etc/passwd')"), "states.lua:1:");
  expect_one_line_starting(load_error("require('os')"), "states.lua:1:");
}

TEST(StateRulesFile, UnreadableFileIsOneLine) {
  try {
    load_state_rules("/nonexistent/states.lua");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read the rules file /nonexistent/states.lua");
  }
}

TEST(StateRulesFile, ShippedRulesLoadAndCoverEveryContractState) {
  const auto rules =
      load_state_rules(std::filesystem::path(MKS_SOURCE_DIR) / "scenarios/states.lua");
  std::set<std::string> states;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    states.insert(rules.rule(i).state);
    EXPECT_EQ(rules.rule(i).id.rfind("states.lua:", 0), 0u);
  }
  const std::set<std::string> contract = {
      "login-prompt",     "emergency-mode", "fsck-manual",    "initramfs-shell", "grub-menu",
      "grub-rescue",      "kernel-panic",   "no-boot-device", "pxe-no-boot",     "firmware-setup",
      "windows-recovery", "blank",          "graphical"};
  EXPECT_EQ(states, contract);
  EXPECT_TRUE(rules.wants_ocr());
  // The contract's severities.
  const std::map<std::string, std::string> severity = {
      {"login-prompt", "ok"},      {"grub-menu", "info"},        {"firmware-setup", "warning"},
      {"blank", "warning"},        {"graphical", "warning"},     {"emergency-mode", "error"},
      {"fsck-manual", "error"},    {"initramfs-shell", "error"}, {"grub-rescue", "error"},
      {"no-boot-device", "error"}, {"pxe-no-boot", "error"},     {"windows-recovery", "error"},
      {"kernel-panic", "critical"}};
  for (std::size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules.rule(i).severity, severity.at(rules.rule(i).state)) << rules.rule(i).id;
  }
}

}  // namespace
}  // namespace mks::scripting
