// VMware's own WebMKS client (opennebula-wmks in headless Chromium, driven by
// tests/peer/wmks-client/run-wmks.mjs) against webmks-sim: the acceptance test of the
// simulator's WebMKS server side.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "codecs/png.h"
#include "tests/support/child_process.h"
#include "tests/support/http_get.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

const fs::path kHarness = fs::path(MKS_SOURCE_DIR) / "tests/peer/wmks-client";

// Why the peer cannot run here, or "" when it can.
std::string peer_missing() {
  if (!find_program("node")) return "node is not installed";
  if (!fs::exists(kHarness / "node_modules/playwright-core") ||
      !fs::exists(kHarness / "node_modules/opennebula-wmks")) {
    return "run `npm ci` in " + kHarness.string();
  }
  const char* chromium = std::getenv("CHROMIUM");
  if (!find_program(chromium ? chromium : "/usr/bin/chromium")) return "chromium is not installed";
  return "";
}

std::vector<json> parse_lines(const std::vector<std::string>& lines) {
  std::vector<json> out;
  for (const auto& line : lines) {
    auto j = json::parse(line, nullptr, false);
    if (!j.is_discarded()) out.push_back(std::move(j));
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t begin = 0;
  for (std::size_t nl; (nl = text.find('\n', begin)) != std::string::npos; begin = nl + 1) {
    lines.push_back(text.substr(begin, nl - begin));
  }
  if (begin < text.size()) lines.push_back(text.substr(begin));
  return lines;
}

// webmks-sim as a child process: its ready line, its events, its HTTP API.
class Simulator {
 public:
  explicit Simulator(std::vector<std::string> flags)
      : child_(std::string(MKS_BIN_DIR) + "/webmks-sim", flags) {
    const auto line = child_.read_line(20s);
    if (!line)
      throw std::runtime_error("webmks-sim printed no ready line: " + child_.stderr_text());
    ready_ = json::parse(*line);
  }
  std::string url() const { return ready_.at("url"); }
  std::vector<json> events() { return parse_lines(child_.read_available_lines(300ms)); }
  codecs::Image screen() const {
    const auto reply = http_get(ready_.at("api").get<std::string>() + "/screen.png");
    EXPECT_EQ(reply.status, 200u);
    return codecs::decode_png(
        {reinterpret_cast<const std::uint8_t*>(reply.body.data()), reply.body.size()});
  }
  std::vector<std::string> text() const {
    const auto reply = http_get(ready_.at("api").get<std::string>() + "/text");
    return json::parse(reply.body).at("lines").get<std::vector<std::string>>();
  }
  std::string log() const { return child_.stderr_text(); }

 private:
  ChildProcess child_;
  json ready_;
};

struct Variant {
  const char* name;
  std::vector<std::string> flags;
  bool rfb_handshake;
  bool push;
  std::string client_options = "{}";
};

void PrintTo(const Variant& v, std::ostream* os) {
  *os << v.name;
}

class WmksClient : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    const std::string missing = peer_missing();
    if (missing.empty()) return;
    if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer required but missing: " << missing;
    GTEST_SKIP() << "VMware WebMKS client peer not available: " << missing;
  }

  fs::path scratch() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->name());
    for (char& c : name) c = c == '/' ? '_' : c;
    const fs::path dir = fs::path(::testing::TempDir()) / ("wmks_peer_" + name);
    fs::create_directories(dir);
    return dir;
  }

  // Runs the driver to the end; returns its JSON lines.
  std::vector<json> drive(const std::string& url, const std::vector<std::string>& actions) {
    std::vector<std::string> args{(kHarness / "run-wmks.mjs").string(), url, "--insecure",
                                  "--options", GetParam().client_options};
    args.insert(args.end(), actions.begin(), actions.end());
    const auto run = run_child("node", args, 120s);
    EXPECT_EQ(run.exit_code, std::optional(0)) << run.out << run.err;
    return parse_lines(split_lines(run.out));
  }
};

std::vector<json> of_type(const std::vector<json>& lines, const std::string& type) {
  std::vector<json> out;
  for (const auto& j : lines) {
    if (j.value("type", "") == type) out.push_back(j);
  }
  return out;
}

// Scancodes pressed (down events only, in order), as "0x.." strings.
std::vector<std::string> pressed(const std::vector<json>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (e.value("event", "") == "key" && e.value("down", false) && e.contains("scancode")) {
      out.push_back(e.at("scancode"));
    }
  }
  return out;
}

TEST_P(WmksClient, ConnectsTypesAndSeesExactlyTheSimulatedScreen) {
  Simulator sim(GetParam().flags);
  const fs::path dir = scratch();
  const auto lines =
      drive(sim.url(), {"wait-connected", "flags", "pixel:4,72",
                        "screenshot:" + (dir / "connected.png").string(), "key:a", "key:Shift+A",
                        "key:Shift+1", "type:bc", "key:Enter", "cad", "click:100,50", "wait:1000",
                        "screenshot:" + (dir / "typed.png").string(), "disconnect"});
  const auto client_log = json(lines).dump();

  // The client reached "connected" (it does only after drawing the first update).
  const auto states = of_type(lines, "state");
  ASSERT_TRUE(std::any_of(states.begin(), states.end(), [](const json& s) {
    return s.at("state") == "connected";
  })) << client_log;
  const auto flags = of_type(lines, "flags").at(0).at("flags");
  EXPECT_EQ(flags.at("usedVNCHandshake"), GetParam().rfb_handshake);
  EXPECT_EQ(flags.at("useVMWKeyEvent"), true);
  EXPECT_EQ(flags.at("useVMWAck"), GetParam().push);
  EXPECT_EQ(flags.at("fbWidth"), 720);
  EXPECT_EQ(flags.at("fbHeight"), 400);
  EXPECT_EQ(of_type(lines, "pixel").at(0).at("hex"), "aaaaaa");  // the banner's left edge

  // The keys arrived as scancodes, Shift before the key it shifts, Ctrl+Alt+Del last.
  const auto events = sim.events();
  const std::vector<std::string> expected = {"0x1e", "0x2a", "0x1e", "0x2a", "0x2",  "0x30",
                                             "0x2e", "0x1c", "0x1d", "0x38", "0x153"};
  EXPECT_EQ(pressed(events), expected) << json(events).dump();

  const auto clicked = std::find_if(events.begin(), events.end(), [](const json& e) {
    return e.value("event", "") == "pointer" && e.value("buttons", 0) == 1;
  });
  ASSERT_NE(clicked, events.end()) << json(events).dump();
  // The canvas is scaled into the 1024x768 page; the client maps back with rounding.
  EXPECT_NEAR(clicked->at("x").get<int>(), 100, 2);
  EXPECT_NEAR(clicked->at("y").get<int>(), 50, 2);

  // The simulated console echoed them, shifted characters included.
  const auto text = sim.text();
  EXPECT_EQ(text.at(4), "sim$ aA!bc");
  EXPECT_EQ(text.at(5), "sim$");
  EXPECT_EQ(text.at(6), "*** Ctrl+Alt+Del ***");
  EXPECT_EQ(text.at(7), "sim$");

  // What the client drew is the simulator's framebuffer, pixel for pixel.
  const codecs::Image truth = sim.screen();
  const codecs::Image typed = codecs::read_png_file(dir / "typed.png");
  ASSERT_EQ(typed.width(), truth.width());
  ASSERT_EQ(typed.height(), truth.height());
  EXPECT_TRUE(typed.same_pixels(truth)) << "compare " << (dir / "typed.png") << " with the API";
  EXPECT_FALSE(codecs::read_png_file(dir / "connected.png").same_pixels(truth));
}

TEST_P(WmksClient, TicketIsOneShot_SecondConnectionFails) {
  Simulator sim(GetParam().flags);
  drive(sim.url(), {"wait-connected", "disconnect"});
  std::vector<std::string> args{(kHarness / "run-wmks.mjs").string(), sim.url(), "--insecure",
                                "wait-connected:3000"};
  const auto again = run_child("node", args, 60s);
  EXPECT_EQ(again.exit_code, std::optional(1)) << again.out;
  const auto events = sim.events();
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const json& e) {
    return e.value("event", "") == "ticket-refused";
  })) << json(events).dump();
}

INSTANTIATE_TEST_SUITE_P(
    Variants, WmksClient,
    ::testing::Values(Variant{"RfbWss", {"--handshake", "rfb"}, true, false},
                      Variant{"DirectWss", {"--handshake", "direct"}, false, false},
                      Variant{"PushWss", {"--handshake", "rfb", "--push"}, true, true},
                      Variant{"RfbWs", {"--handshake", "rfb", "--no-tls"}, true, false},
                      Variant{"DirectWs", {"--handshake", "direct", "--no-tls"}, false, false},
                      Variant{"LegacyKeyboard",
                              {"--handshake", "rfb"},
                              true,
                              false,
                              R"({"disableVscanKeyboard":true})"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace mks::test
