// VMware's own WebMKS client (npm opennebula-wmks, in Debian's headless Chromium, driven by
// tests/peer/wmks-client/run-wmks.mjs) against webmks-sim: the simulator must satisfy it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "codecs/png.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;

const fs::path kHarness = fs::path(MKS_SOURCE_DIR) / "tests/peer/wmks-client";

// Skips unless the peer is installed; with MKS_REQUIRE_PEERS set (CI) a missing peer fails.
bool peer_available(std::string& why) {
  if (!fs::exists(kHarness / "node_modules/opennebula-wmks")) why = "npm packages not installed";
  if (!fs::exists("/usr/bin/chromium")) why = "chromium not installed";
  if (!fs::exists("/usr/bin/node") && !fs::exists("/usr/local/bin/node"))
    why = "node not installed";
  return why.empty();
}

#define REQUIRE_PEER()                                                         \
  do {                                                                         \
    std::string why;                                                           \
    if (!peer_available(why)) {                                                \
      if (std::getenv("MKS_REQUIRE_PEERS")) FAIL() << "peer missing: " << why; \
      GTEST_SKIP() << "peer missing: " << why;                                 \
    }                                                                          \
  } while (0)

std::string node_path() {
  return fs::exists("/usr/bin/node") ? "/usr/bin/node" : "/usr/local/bin/node";
}

struct Case {
  const char* name;
  std::vector<std::string> sim_flags;
};

class VmwareClient : public ::testing::TestWithParam<Case> {};

TEST_P(VmwareClient, ConnectsShowsSimulatorScreenAndSendsRightScancodes) {
  REQUIRE_PEER();
  SimProcess sim(GetParam().sim_flags);
  const fs::path canvas =
      fs::temp_directory_path() / ("mks-peer-" + std::string(GetParam().name) + ".png");
  fs::remove(canvas);
  auto run = run_program(
      node_path(),
      {(kHarness / "run-wmks.mjs").string(), sim.ticket_url(), "--insecure", "wait-connected",
       "key:e", "key:c", "key:h", "key:o", "key:Space", "key:Shift+A", "key:Shift+1", "key:Enter",
       "cad", "wait:800", "screenshot:" + canvas.string(), "disconnect"},
      std::chrono::seconds(90));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  // The browser's canvas shows exactly what the simulator drew.
  const codecs::Image shown = codecs::read_png_file(canvas);
  const codecs::Image truth = sim.screen();
  ASSERT_EQ(shown.width(), truth.width());
  ASSERT_EQ(shown.height(), truth.height());
  EXPECT_TRUE(shown.same_pixels(truth));
  // Shifted characters reached the simulated console as text.
  EXPECT_NE(sim.api_get("text").find("sim$ echo A!"), std::string::npos) << sim.api_get("text");

  std::vector<std::string> downs;
  for (const auto& e : sim.drain_events()) {
    if (e.value("event", "") == "key" && e.at("down").get<bool>())
      downs.push_back(e.at("scancode"));
  }
  const std::vector<std::string> expected = {"0x12", "0x2e", "0x23", "0x18", "0x39", "0x2a", "0x1e",
                                             "0x2a", "0x2",  "0x1c", "0x1d", "0x38", "0x153"};
  EXPECT_EQ(downs, expected);
}

INSTANTIATE_TEST_SUITE_P(Transports, VmwareClient,
                         ::testing::Values(Case{"wss_rfb_handshake", {"--handshake", "rfb"}},
                                           Case{"wss_direct", {"--handshake", "direct"}},
                                           Case{"wss_push", {"--push"}},
                                           Case{"ws_plain", {"--no-tls"}}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(VmwareClientReuse, SecondConnectWithSameTicketIsRefused) {
  REQUIRE_PEER();
  SimProcess sim;
  auto first = run_program(node_path(),
                           {(kHarness / "run-wmks.mjs").string(), sim.ticket_url(), "--insecure",
                            "wait-connected", "disconnect"},
                           std::chrono::seconds(60));
  ASSERT_EQ(first.exit_code, 0) << first.out;
  auto second = run_program(
      node_path(),
      {(kHarness / "run-wmks.mjs").string(), sim.ticket_url(), "--insecure", "wait-connected:3000"},
      std::chrono::seconds(60));
  EXPECT_NE(second.exit_code, 0);
  bool refused = false;
  for (const auto& e : sim.drain_events())
    refused = refused || e.value("event", "") == "ticket-refused";
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace mks::test
