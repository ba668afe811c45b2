// mksagent run: the program, its exit status and the lines it prints.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "codecs/png.h"
#include "tests/support/child_process.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;

fs::path write_runbook(const fs::path& dir, const std::string& name, const std::string& source) {
  const fs::path path = dir / name;
  std::ofstream(path) << source;
  return path;
}

std::string scenario(const std::string& name) {
  return (fs::path(MKS_SOURCE_DIR) / "scenarios" / name).string();
}

TEST(RunCommand, SyntaxError_OneLineWithFileAndLine_Exit1) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "broken.lua", "wait_text('x'\nif then\n");
  auto run = mksagent({"run", runbook.string(), "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = lines_of(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("broken.lua:2:", 0), 0u) << run.err;
  // Nothing ran: the syntax is checked before connecting to anything.
  EXPECT_EQ(run.err.find("connecting"), std::string::npos) << run.err;
}

TEST(RunCommand, BadCall_NamesTheCall_Exit1WithFailureScreenshot) {
  SimProcess sim;
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "bad.lua", "type('ok')\nkey('ctrl+nosuchkey')\n");
  auto run = mksagent({"run", runbook.string(), "--target", sim.ticket_url(), "--thumbprint",
                       sim.thumbprint_sha256(), "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = lines_of(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("bad.lua:2: ", 0), 0u) << run.err;
  EXPECT_NE(lines.back().find("nosuchkey"), std::string::npos) << run.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "failure.png"));
}

TEST(RunCommand, Screenshot_AgainstWebmksSim_WritesTheScreen) {
  SimProcess sim;
  const auto dir = scratch_dir();
  auto run =
      mksagent({"run", scenario("screenshot.lua"), "--target", sim.ticket_url(), "--thumbprint",
                sim.thumbprint_sha256(), "--out", dir.string(), "--var", "name=shot.png"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(codecs::read_png_file(dir / "shot.png").same_pixels(sim.screen()));
  EXPECT_NE(run.err.find("screenshot.lua:4 screenshot"), std::string::npos) << run.err;
  // The ticket never appears in what the agent prints.
  const std::string token = sim.ticket_url().substr(sim.ticket_url().rfind('/') + 1);
  EXPECT_EQ(run.err.find(token), std::string::npos) << run.err;
}

// The README's first command: the demo runbook against the built-in simulated PC.
TEST(RunCommand, DemoRunbook_RepairsTheBootLogsInAndLeavesScreenshots) {
  const auto dir = scratch_dir();
  auto run =
      mksagent({"run", scenario("demo.lua"), "--out", dir.string()}, std::chrono::seconds(120));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* shot :
       {"01-firmware.png", "02-boot-menu.png", "03-edited-entry.png", "04-recovered.png"}) {
    EXPECT_TRUE(fs::exists(dir / shot)) << shot;
  }
  EXPECT_FALSE(fs::exists(dir / "failure.png"));
  // Steps in order, each on its own line; the password (default "mks") never shown.
  const auto found_login = run.err.find("found \"login:\"");
  const auto found_state = run.err.find("found \"State: running\"");
  ASSERT_NE(found_login, std::string::npos) << run.err;
  ASSERT_NE(found_state, std::string::npos) << run.err;
  EXPECT_LT(found_login, found_state);
  EXPECT_NE(run.err.find("type_secret (4 characters)"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("\"mks"), std::string::npos) << run.err;
}

TEST(RunCommand, Events_OneJsonLinePerStepWithUtcTimeAndNoSecrets) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "ev.lua",
                                     "wait_text('GNU GRUB', 30)\nkey('down')\n"
                                     "type_secret('hunter2-pw')\nwait_text('no such', 0.2)\n");
  auto run = mksagent({"run", runbook.string(), "--out", dir.string()});
  EXPECT_EQ(run.exit_code, 1);
  std::ifstream in(dir / "events.jsonl");
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(in, line);) events.push_back(nlohmann::json::parse(line));
  ASSERT_GE(events.size(), 5u);
  for (const auto& e : events) {
    EXPECT_EQ(e.at("utc").get<std::string>().size(), 24u) << e;  // 2026-11-23T14:05:01.234Z
    EXPECT_EQ(e.dump().find("hunter2"), std::string::npos) << e;
  }
  bool saw_key = false;
  for (const auto& e : events)
    saw_key = saw_key || (e.value("where", "") == "ev.lua:2" && e["what"] == "key down");
  EXPECT_TRUE(saw_key);
  // The wait that ran out of time is a step with its outcome, before the failure.
  auto last_wait = std::find_if(events.rbegin(), events.rend(),
                                [](const auto& e) { return e["type"] == "wait"; });
  ASSERT_NE(last_wait, events.rend());
  const auto& timed_out = *last_wait;
  EXPECT_NE(std::find_if(events.rbegin(), last_wait,
                         [](const auto& e) { return e["type"] == "disconnect"; }),
            last_wait)
      << "the consoles' closing is an event too";
  EXPECT_EQ(timed_out["type"], "wait") << timed_out;
  EXPECT_EQ(timed_out["outcome"], "timed out") << timed_out;
  EXPECT_EQ(timed_out["where"], "ev.lua:4") << timed_out;
  EXPECT_GE(timed_out["duration_ms"].get<int>(), 200) << timed_out;
  EXPECT_EQ(events.back()["type"], "failure");
  EXPECT_EQ(events.back()["what"], "ev.lua:4: wait_text timed out (waited 0.2 s for \"no such\")");
}

TEST(RunCommand, DemoRunbook_WithoutTheFix_FailsInEmergencyMode) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "plain-boot.lua",
                                     "wait_text('GNU GRUB', 30)\nkey('enter')\n"
                                     "wait_text('login:', 8)\n");
  auto run = mksagent({"run", runbook.string(), "--out", (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 1);
  const auto lines = lines_of(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "plain-boot.lua:3: wait_text timed out (waited 8 s for \"login:\")");
  // The failure screenshot shows why: the emergency shell.
  ASSERT_TRUE(fs::exists(dir / "out" / "failure.png"));
}

// jp end to end: the agent types through the JIS layout, the simulated guest decodes the
// scancodes through its own JIS keymap, and the characters come back on its screen.
TEST(RunCommand, JapaneseLayout_CharactersArriveOnTheGuest) {
  const auto dir = scratch_dir();
  const auto runbook =
      write_runbook(dir, "jp.lua",
                    "wait_text('GNU GRUB', 30)\nkey('enter')\nwait_text('login:', 30)\n"
                    "type('root\\n')\nwait_text('Password:', 5)\ntype_secret('mks\\n')\n"
                    "wait_text('root@sim:~#', 5)\n"
                    "type('echo @[]:_\\\\¥|^~=+*\\n')\n"
                    "wait_text('\\n@[]:_\\\\¥|^~=+*', 5)\n");
  auto run = mksagent({"run", runbook.string(), "--layout", "jp", "--sim-fault", "none", "--out",
                       (dir / "out").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST(RunCommand, Sigterm_ClosesTheConsoleSavesTheScreenExit130) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "long.lua",
                                     "wait_text('GNU GRUB', 30)\nkey_down('shift')\n"
                                     "log('holding shift')\nwait_text('never shown', 60)\n");
  ChildProcess agent(bin_path("mksagent"), {"run", runbook.string(), "--out", dir.string()});
  // Let it reach the long wait (the boot menu comes after 1.5 s of the simulated firmware).
  ASSERT_TRUE(agent.wait_for_stderr("holding shift", std::chrono::seconds(10)))
      << agent.stderr_text();
  EXPECT_EQ(agent.terminate(), 130);
  const auto lines = lines_of(agent.stderr_text());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back().rfind("interrupted by SIGTERM (long.lua:4: ", 0), 0u) << lines.back();
  EXPECT_TRUE(fs::exists(dir / "failure.png"));
}

TEST(RunCommand, SigtermDuringSleep_EndsTheSleepExit130) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "sleepy.lua", "wait_text('GNU GRUB', 30)\nsleep(60)\n");
  ChildProcess agent(bin_path("mksagent"), {"run", runbook.string(), "--out", dir.string()});
  ASSERT_TRUE(agent.wait_for_stderr("sleep 60", std::chrono::seconds(10))) << agent.stderr_text();
  EXPECT_EQ(agent.terminate(std::chrono::seconds(10)), 130) << agent.stderr_text();
  const auto lines = lines_of(agent.stderr_text());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), "interrupted by SIGTERM (sleepy.lua:2: sleep stopped)");
}

TEST(RunCommand, MissingRunbook_Exit2) {
  auto run = mksagent({"run", "/nonexistent/x.lua"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no runbook file /nonexistent/x.lua"), std::string::npos) << run.err;
}

TEST(RunCommand, BadVar_Exit2) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "log('x')\n");
  auto run = mksagent({"run", runbook.string(), "--var", "novalue"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--var wants NAME=VALUE"), std::string::npos) << run.err;
}

TEST(RunCommand, UnknownLayout_Exit2) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "log('x')\n");
  auto run = mksagent({"run", runbook.string(), "--layout", "fr"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown keyboard layout"), std::string::npos) << run.err;
}

TEST(RunCommand, UnknownEncoding_Exit2NamingIt) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "log('x')\n");
  auto run = mksagent({"run", runbook.string(), "--encoding", "bogus"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("unknown encoding bogus"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir / "mksagent-out"));
}

TEST(RunCommand, MissingPasswordFile_Exit2BeforeConnecting) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "log('x')\n");
  auto run = mksagent({"run", runbook.string(), "--target", "vnc://127.0.0.1:1", "--password-file",
                       (dir / "missing").string()});
  EXPECT_EQ(run.exit_code, 2);
  const auto lines = lines_of(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_EQ(lines[0], "mksagent: no password file " + (dir / "missing").string());
}

TEST(RunCommand, Help_ListsEncodingAndPasswordFile) {
  auto run = mksagent({"run", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--encoding"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--password-file"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace mks::test
