// End to end: the mksagent program against the webmks-sim program over wss://, each a real
// process, talking through the loopback network.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "codecs/png.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;

std::string token_of(const std::string& url) {
  return url.substr(url.rfind('/') + 1);
}

struct Variant {
  const char* name;
  std::vector<std::string> flags;
};

class ScreenshotVariants : public ::testing::TestWithParam<Variant> {};

TEST_P(ScreenshotVariants, Screenshot_EqualsSimulatorFramebufferPixelForPixel) {
  SimProcess sim(GetParam().flags);
  const fs::path png = scratch_dir() / "console.png";
  auto run = mksagent({"screenshot", sim.ticket_url(), "--thumbprint", sim.thumbprint_sha256(),
                       "-o", png.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const codecs::Image shot = codecs::read_png_file(png);
  const codecs::Image truth = sim.screen();
  ASSERT_EQ(shot.width(), truth.width());
  ASSERT_EQ(shot.height(), truth.height());
  EXPECT_TRUE(shot.same_pixels(truth));
  // Not a blank frame: the console shows its banner in a colour other than the background.
  const auto background = truth.at(0, 0);
  bool has_text = false;
  for (auto p : truth.pixels()) has_text = has_text || (p & 0xFFFFFF) != (background & 0xFFFFFF);
  EXPECT_TRUE(has_text);
}

INSTANTIATE_TEST_SUITE_P(Handshakes, ScreenshotVariants,
                         ::testing::Values(Variant{"rfb", {"--handshake", "rfb"}},
                                           Variant{"direct", {"--handshake", "direct"}},
                                           Variant{"push", {"--handshake", "rfb", "--push"}}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AgentSim, Type_TextAppearsOnSimulatedConsole) {
  SimProcess sim;
  const fs::path after = scratch_dir() / "after.png";
  const std::string text = "echo Hello, World! ~|{}<>?";
  auto run = mksagent({"type", sim.ticket_url(), text, "--thumbprint", sim.thumbprint_sha1(), "-o",
                       after.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string screen_text = sim.api_get("text");
  EXPECT_NE(screen_text.find(text), std::string::npos) << screen_text;
  // The screenshot taken after typing shows what the simulator shows.
  EXPECT_TRUE(codecs::read_png_file(after).same_pixels(sim.screen()));
}

TEST(AgentSim, Type_ShiftedCharactersArriveAsShiftPlusKey) {
  SimProcess sim;
  auto run = mksagent({"type", sim.ticket_url(), "A!", "--insecure"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<std::pair<std::string, bool>> keys;
  for (const auto& e : sim.drain_events()) {
    if (e.value("event", "") == "key") keys.emplace_back(e.at("scancode"), e.at("down"));
  }
  const std::vector<std::pair<std::string, bool>> expected = {
      {"0x2a", true}, {"0x1e", true}, {"0x1e", false}, {"0x2a", false},  // Shift+A
      {"0x2a", true}, {"0x2", true},  {"0x2", false},  {"0x2a", false},  // Shift+1
  };
  ASSERT_GE(keys.size(), expected.size());
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), keys.end() - expected.size()));
}

TEST(AgentSim, TicketReuse_RefusedWithClearErrorAndNoFullTicket) {
  SimProcess sim;
  const fs::path dir = scratch_dir();
  const std::string url = sim.ticket_url();
  auto first = mksagent({"screenshot", url, "--insecure", "-o", (dir / "1.png").string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto second = mksagent({"screenshot", url, "--insecure", "-o", (dir / "2.png").string(), "-v"});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.err.find("ticket was refused (HTTP 503)"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("new ticket"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find(token_of(url)), std::string::npos) << "ticket leaked: " << second.err;
  EXPECT_FALSE(fs::exists(dir / "2.png"));
}

TEST(AgentSim, WrongThumbprint_Refused) {
  SimProcess sim;
  const fs::path png = scratch_dir() / "x.png";
  const std::string wrong(32 * 3 - 1, '0');  // 00:00:... is not the simulator's
  std::string pinned = wrong;
  for (std::size_t i = 2; i < pinned.size(); i += 3) pinned[i] = ':';
  auto run = mksagent({"screenshot", sim.ticket_url(), "--thumbprint", pinned, "-o", png.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("does not match"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(png));
}

TEST(AgentSim, SelfSignedCertificate_RefusedWithoutPinOrInsecure) {
  SimProcess sim;
  auto run = mksagent({"screenshot", sim.ticket_url(), "-o", (scratch_dir() / "x.png").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("not trusted"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--thumbprint"), std::string::npos) << run.err;
}

TEST(AgentSim, VerboseLog_NeverShowsTheFullTicket) {
  SimProcess sim;
  const std::string url = sim.ticket_url();
  auto run =
      mksagent({"screenshot", url, "--insecure", "-v", "-o", (scratch_dir() / "x.png").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find(token_of(url)), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find(token_of(url)), std::string::npos) << run.out;
}

TEST(AgentSim, NothingListening_ClearErrorExitOne) {
  auto run = mksagent({"screenshot", "wss://127.0.0.1:1/ticket/abcdefgh", "--insecure", "--timeout",
                       "5", "-o", (scratch_dir() / "x.png").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err.rfind("mksagent: ", 0), 0u) << run.err;
  EXPECT_EQ(run.err.find("abcdefgh"), std::string::npos) << run.err;
}

TEST(AgentCli, BadUsage_ExitTwo) {
  EXPECT_EQ(mksagent({"screenshot"}).exit_code, 2);
  EXPECT_EQ(mksagent({"screenshot", "not a url", "-o", "x.png"}).exit_code, 2);
}

TEST(AgentCli, Help_NamesEveryCommandAndOption) {
  auto top = mksagent({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* word : {"screenshot", "type"}) {
    EXPECT_NE(top.out.find(word), std::string::npos) << word;
  }
  auto shot = mksagent({"screenshot", "--help"});
  for (const char* word : {"--insecure", "--thumbprint", "--timeout", "--with-cursor", "-o"}) {
    EXPECT_NE(shot.out.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace mks::test
