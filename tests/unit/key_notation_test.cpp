#include "agent/input/key_notation.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace mks::input {
namespace {

using Kind = KeyStep::Kind;
using std::chrono::milliseconds;

KeyStep text(std::u32string t) {
  return KeyStep{Kind::kText, std::move(t), 0, {}};
}
KeyStep press(std::uint16_t code) {
  return KeyStep{Kind::kPress, {}, code, {}};
}
KeyStep down(std::uint16_t code) {
  return KeyStep{Kind::kDown, {}, code, {}};
}
KeyStep up(std::uint16_t code) {
  return KeyStep{Kind::kUp, {}, code, {}};
}
KeyStep wait(milliseconds ms) {
  return KeyStep{Kind::kWait, {}, 0, ms};
}

// Packer's documented special keys with their PC set-1 scancodes.
const std::pair<std::string, std::uint16_t> kPackerNames[] = {
    {"bs", 0x0E},          {"del", 0x153},      {"enter", 0x1C},      {"return", 0x1C},
    {"esc", 0x01},         {"tab", 0x0F},       {"spacebar", 0x39},   {"insert", 0x152},
    {"home", 0x147},       {"end", 0x14F},      {"pageUp", 0x149},    {"pageDown", 0x151},
    {"up", 0x148},         {"down", 0x150},     {"left", 0x14B},      {"right", 0x14D},
    {"menu", 0x15D},       {"f1", 0x3B},        {"f2", 0x3C},         {"f3", 0x3D},
    {"f4", 0x3E},          {"f5", 0x3F},        {"f6", 0x40},         {"f7", 0x41},
    {"f8", 0x42},          {"f9", 0x43},        {"f10", 0x44},        {"f11", 0x57},
    {"f12", 0x58},         {"leftAlt", 0x38},   {"rightAlt", 0x138},  {"leftCtrl", 0x1D},
    {"rightCtrl", 0x11D},  {"leftShift", 0x2A}, {"rightShift", 0x36}, {"leftSuper", 0x15B},
    {"rightSuper", 0x15C}, {"leftMeta", 0x15B}, {"rightMeta", 0x15C},
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(KeyNotation, EveryPackerNamePressesItsScancodeInAnyCase) {
  for (const auto& [name, code] : kPackerNames) {
    EXPECT_EQ(parse_key_notation("<" + name + ">"), std::vector{press(code)}) << name;
    EXPECT_EQ(parse_key_notation("<" + upper(name) + ">"), std::vector{press(code)}) << name;
  }
}

TEST(KeyNotation, OnAndOffSuffixesHoldAndReleaseEveryNamedKey) {
  for (const auto& [name, code] : kPackerNames) {
    EXPECT_EQ(parse_key_notation("<" + name + "On>"), std::vector{down(code)}) << name;
    EXPECT_EQ(parse_key_notation("<" + name + "Off>"), std::vector{up(code)}) << name;
    EXPECT_EQ(parse_key_notation("<" + name + "off>"), std::vector{up(code)}) << name;
  }
}

TEST(KeyNotation, AltF2SequenceHoldsAltAroundF2) {
  EXPECT_EQ(parse_key_notation("<leftAltOn><f2><leftAltOff>"),
            (std::vector{down(0x38), press(0x3C), up(0x38)}));
}

TEST(KeyNotation, CharacterToggleCarriesTheCharacterForTheLayout) {
  EXPECT_EQ(parse_key_notation("<leftCtrlOn><cOn><cOff><leftCtrlOff>"),
            (std::vector{down(0x1D), KeyStep{Kind::kDown, U"c", 0, {}},
                         KeyStep{Kind::kUp, U"c", 0, {}}, up(0x1D)}));
}

TEST(KeyNotation, PlainWaitIsOneSecondAndANumberIsSeconds) {
  EXPECT_EQ(parse_key_notation("<wait>"), std::vector{wait(milliseconds(1000))});
  EXPECT_EQ(parse_key_notation("<wait5>"), std::vector{wait(milliseconds(5000))});
  EXPECT_EQ(parse_key_notation("<wait10>"), std::vector{wait(milliseconds(10000))});
  EXPECT_EQ(parse_key_notation("<WAIT2>"), std::vector{wait(milliseconds(2000))});
  EXPECT_EQ(parse_key_notation("<wait0>"), std::vector{wait(milliseconds(0))});
}

TEST(KeyNotation, WaitWithGoDuration_ParsesMilliseconds) {
  EXPECT_EQ(parse_key_notation("<wait500ms>"), std::vector{wait(milliseconds(500))});
  EXPECT_EQ(parse_key_notation("<wait1m30s>"), std::vector{wait(milliseconds(90000))});
  EXPECT_EQ(parse_key_notation("<wait1.5s>"), std::vector{wait(milliseconds(1500))});
  EXPECT_EQ(parse_key_notation("<wait2s>"), std::vector{wait(milliseconds(2000))});
  EXPECT_EQ(parse_key_notation("<wait1h>"), std::vector{wait(milliseconds(3600000))});
  EXPECT_EQ(parse_key_notation("<wait2500us>"), std::vector{wait(milliseconds(3))});
  EXPECT_EQ(parse_key_notation("<wait1000000ns>"), std::vector{wait(milliseconds(1))});
  EXPECT_EQ(parse_key_notation("<wait1\u00b5s>"), std::vector{wait(milliseconds(0))});
}

TEST(KeyNotation, GoDuration_RejectsWhatGoRejects) {
  EXPECT_EQ(parse_go_duration("1m30s"), milliseconds(90000));
  EXPECT_EQ(parse_go_duration("0"), milliseconds(0));
  EXPECT_FALSE(parse_go_duration(""));
  EXPECT_FALSE(parse_go_duration("5"));
  EXPECT_FALSE(parse_go_duration("s"));
  EXPECT_FALSE(parse_go_duration("1.2.3s"));
  EXPECT_FALSE(parse_go_duration("3d"));
  EXPECT_FALSE(parse_go_duration("-1s"));
}

TEST(KeyNotation, BootCommandSplitsIntoTextKeysAndWaits) {
  EXPECT_EQ(parse_key_notation("<esc><wait2>e<down><end> single<f10>"),
            (std::vector{press(0x01), wait(milliseconds(2000)), text(U"e"), press(0x150),
                         press(0x14F), text(U" single"), press(0x44)}));
}

TEST(KeyNotation, PlainTextIsOneRunWithUnicodeDecoded) {
  EXPECT_EQ(parse_key_notation("auto url=http://10.0.2.2/ks.cfg"),
            std::vector{text(U"auto url=http://10.0.2.2/ks.cfg")});
  EXPECT_EQ(parse_key_notation("Gr\u00fc\u00dfe \u20ac"),
            std::vector{text(U"Gr\u00fc\u00dfe \u20ac")});
  EXPECT_TRUE(parse_key_notation("").empty());
}

TEST(KeyNotation, LessThanThatStartsNoNameIsTypedLiterally) {
  EXPECT_EQ(parse_key_notation("a < b"), std::vector{text(U"a < b")});
  EXPECT_EQ(parse_key_notation("<"), std::vector{text(U"<")});
  EXPECT_EQ(parse_key_notation("<>"), std::vector{text(U"<>")});
  EXPECT_EQ(parse_key_notation("echo <<EOF"), std::vector{text(U"echo <<EOF")});
  EXPECT_EQ(parse_key_notation("</b>"), std::vector{text(U"</b>")});
  EXPECT_EQ(parse_key_notation("<enter"), std::vector{text(U"<enter")});
  EXPECT_EQ(parse_key_notation("x<<enter>"), (std::vector{text(U"x<"), press(0x1C)}));
  EXPECT_EQ(parse_key_notation("<a b>"), std::vector{text(U"<a b>")});
}

TEST(KeyNotation, UnknownNameThrowsNamingItAndItsColumn) {
  try {
    parse_key_notation("root<enterr>");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("<enterr>"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("column 5"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_key_notation("<ctrl>"), std::invalid_argument);  // Packer says leftCtrl
  EXPECT_THROW(parse_key_notation("<waitx>"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("<wait5d>"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("<f13>"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("<enterOnn>"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("<b>"), std::invalid_argument);
}

TEST(KeyNotation, InvalidUtf8Throws) {
  EXPECT_THROW(parse_key_notation("a\xff"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("\xc3"), std::invalid_argument);
  EXPECT_THROW(parse_key_notation("\xe2\x82x"), std::invalid_argument);
}

}  // namespace
}  // namespace mks::input

// Found by the key_notation fuzz target: std::stod threw std::out_of_range for a number past
// double's range, which escaped as "stod" instead of the notation error.
TEST(GoDuration, NumberPastDoublesRange_IsNotADuration) {
  const std::string huge(400, '9');
  EXPECT_FALSE(mks::input::parse_go_duration(huge + "s").has_value());
  EXPECT_THROW(mks::input::parse_key_notation("<wait" + huge + "s>"), std::invalid_argument);
}
