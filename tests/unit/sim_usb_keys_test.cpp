// webmks-sim's POST /api/usb-keys: USB HID usages with modifier flags, as vSphere's
// PutUsbScanCodes carries them, typed through the guest's layout; and the fleet's consoles
// made on demand for API clients that never open a console session.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "agent/input/keyboard_layout.h"
#include "codecs/png.h"
#include "codecs/psf_font.h"
#include "tools/webmks_sim/fleet/fleet.h"
#include "tools/webmks_sim/fleet/fleet_api.h"
#include "tools/webmks_sim/shell.h"
#include "tools/webmks_sim/sim_machine.h"
#include "tools/webmks_sim/usb_keys_api.h"

namespace mks::sim {
namespace {

using nlohmann::json;

constexpr const char* kFont = "/usr/share/consolefonts/Lat15-VGA16.psf.gz";

// {"events":[{"usage":U,"modifiers":{NAME:true}}...]} from (usage, modifier name or "").
json events(std::initializer_list<std::pair<int, const char*>> keys) {
  json list = json::array();
  for (const auto& [usage, modifier] : keys) {
    json event = {{"usage", usage}};
    if (*modifier) event["modifiers"] = {{modifier, true}};
    list.push_back(event);
  }
  return {{"events", list}};
}

// The echo machine with a guest layout; what was typed shows after its prompt.
class UsbKeys : public ::testing::Test {
 protected:
  std::unique_ptr<SimMachine> machine_;

  void boot(const char* layout) {
    machine_ = std::make_unique<SimMachine>(codecs::PsfFont::load(kFont),
                                            input::KeyboardLayout::by_name(layout));
  }
  HttpReply post(const json& body) { return answer_usb_keys(*machine_, body.dump()); }
  // The prompt line's text after "sim$ ".
  std::string typed() const {
    const Console& console = machine_->console();
    const std::string line = console.line(console.cursor().row);  // trailing blanks cut
    return line.size() > Shell::kPrompt.size() ? line.substr(Shell::kPrompt.size()) : "";
  }
};

TEST_F(UsbKeys, UsLayout_LettersShiftAndDigitsArriveAsOnAUsKeyboard) {
  boot("us");
  // h, shift+i, space, shift+2, 1, shift+/ (0x38)
  const auto reply = post(events({{0x0B, ""},
                                  {0x0C, "leftShift"},
                                  {0x2C, ""},
                                  {0x1F, "rightShift"},
                                  {0x1E, ""},
                                  {0x38, "leftShift"}}));
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(json::parse(reply.body), (json{{"count", 6}}));
  EXPECT_EQ(typed(), "hI @1?");
}

TEST_F(UsbKeys, ModifiersAreReleasedAfterEachKeystroke) {
  boot("us");
  post(events({{0x04, "leftShift"}, {0x04, ""}, {0xE1, ""}, {0x04, ""}}));
  EXPECT_EQ(typed(), "Aaa");  // a Shift tap (0xE1 as usage) holds nothing afterwards
}

TEST_F(UsbKeys, GermanGuest_SameUsagesGiveQwertzCharacters) {
  boot("de");
  // The US-named y, shift+2 and [ positions, and AltGr (right Alt) + q.
  post(events({{0x1C, ""}, {0x1F, "leftShift"}, {0x2F, ""}, {0x14, "rightAlt"}}));
  EXPECT_EQ(typed(), "z\"ü@");
}

TEST_F(UsbKeys, JapaneseGuest_JisKeysAndShiftedDigits) {
  boot("jp");
  // shift+2, the [ position (@ on JIS), Ro (0x87) plain and shifted, Yen (0x89).
  post(events({{0x1F, "leftShift"}, {0x2F, ""}, {0x87, ""}, {0x87, "leftShift"}, {0x89, ""}}));
  EXPECT_EQ(typed(), "\"@\\_¥");
}

TEST_F(UsbKeys, UsGuest_JisOnlyKeysTypeNothingButCount) {
  boot("us");
  const auto reply = post(events({{0x89, ""}, {0x04, ""}}));
  EXPECT_EQ(json::parse(reply.body)["count"], 2);  // the keys were pressed; a us guest ignores Yen
  EXPECT_EQ(typed(), "a");
}

TEST_F(UsbKeys, UnknownUsage_IsSkippedAndNotCounted) {
  boot("us");
  const auto reply = post(events({{0x00, ""}, {0x04, ""}, {0xFFFF, ""}, {0x05, ""}}));
  EXPECT_EQ(json::parse(reply.body)["count"], 2);
  EXPECT_EQ(typed(), "ab");
}

TEST_F(UsbKeys, EnterAndBackspace_AreKeysToo) {
  boot("us");
  post(events({{0x04, ""}, {0x05, ""}, {0x2A, ""}, {0x28, ""}, {0x06, ""}}));
  const Console& console = machine_->console();
  EXPECT_EQ(console.line(console.cursor().row - 1).substr(0, 6), "sim$ a");
  EXPECT_EQ(typed(), "c");
}

TEST_F(UsbKeys, BadBodies_Are400WithOneLine) {
  boot("us");
  const std::string bad[] = {
      "not json",
      R"({"keys":[]})",
      R"({"events":{}})",
      R"({"events":[4]})",
      R"({"events":[{"usage":"a"}]})",
      R"({"events":[{"usage":-1}]})",
      R"({"events":[{"usage":70000}]})",
      R"({"events":[{"usage":4,"modifiers":{"shift":true}}]})",
      R"({"events":[{"usage":4,"modifiers":{"leftShift":1}}]})",
      R"({"events":[{"usage":4,"modifiers":[]}]})",
  };
  for (const auto& body : bad) {
    const auto reply = answer_usb_keys(*machine_, body);
    EXPECT_EQ(reply.status, 400u) << body;
    const auto error = json::parse(reply.body).value("error", "");
    EXPECT_FALSE(error.empty()) << body;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  }
  EXPECT_EQ(typed(), "");  // nothing of a rejected body was typed
}

TEST_F(UsbKeys, EmptyEventList_TypesNothing) {
  boot("us");
  const auto reply = answer_usb_keys(*machine_, R"({"events":[]})");
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(json::parse(reply.body)["count"], 0);
}

class FleetUsbKeys : public ::testing::Test {
 protected:
  Fleet fleet_{FleetOptions{},
               std::make_shared<const codecs::PsfFont>(codecs::PsfFont::load(kFont)),
               input::KeyboardLayout::by_name("us")};
};

TEST_F(FleetUsbKeys, Post_MakesTheConsoleTypesAndKeepsIt) {
  ASSERT_EQ(fleet_.find("login-prompt-3"), nullptr);
  const auto reply = answer_fleet_api(fleet_, "POST", "/api/usb-keys?key=login-prompt-3",
                                      events({{0x15, ""}, {0x12, ""}}).dump());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200u);
  EXPECT_EQ(json::parse(reply->body)["count"], 2);
  const auto console = fleet_.find("login-prompt-3");
  ASSERT_NE(console, nullptr);
  const auto* text = console->console();
  EXPECT_TRUE(text->line(text->cursor().row).ends_with(" login: ro"))
      << text->line(text->cursor().row);
  // A session that opens and closes it again does not drop it.
  fleet_.close(fleet_.open("login-prompt-3"));
  EXPECT_EQ(fleet_.find("login-prompt-3"), console);
}

TEST_F(FleetUsbKeys, ScreenGet_MakesTheConsoleAndKeepsIt) {
  const auto reply = answer_fleet_api(fleet_, "GET", "/api/screen.png?key=kernel-panic-1");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200u);
  EXPECT_EQ(reply->content_type, "image/png");
  const auto image = codecs::decode_png(
      {reinterpret_cast<const std::uint8_t*>(reply->body.data()), reply->body.size()});
  const auto console = fleet_.find("kernel-panic-1");
  ASSERT_NE(console, nullptr);
  EXPECT_EQ(image.width(), console->framebuffer().width());
  fleet_.close(fleet_.open("kernel-panic-1"));
  EXPECT_EQ(fleet_.find("kernel-panic-1"), console);
}

TEST_F(FleetUsbKeys, WithoutKey_400AndNothingMade) {
  const auto reply = answer_fleet_api(fleet_, "POST", "/api/usb-keys", events({{4, ""}}).dump());
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 400u);
  EXPECT_EQ(fleet_.size(), 0u);
}

TEST_F(FleetUsbKeys, TextGet_StillAnswers404ForAConsoleNobodyMade) {
  EXPECT_EQ(answer_fleet_api(fleet_, "GET", "/api/text?key=login-prompt-9")->status, 404u);
  EXPECT_EQ(fleet_.size(), 0u);
}

}  // namespace
}  // namespace mks::sim
