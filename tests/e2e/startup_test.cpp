// What mksagent loads before it does anything: the heavy libraries (OpenSSL, FFmpeg,
// tesseract, libxml2) are opened by the commands that use them, not at start-up. The dynamic
// loader says which files it opened when LD_DEBUG=files is set.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// `args` run with the loader's file log: its stderr names every library opened.
RunResult with_loader_log(const std::vector<std::string>& args) {
  setenv("LD_DEBUG", "files", 1);
  auto run = mksagent(args);
  unsetenv("LD_DEBUG");
  return run;
}

TEST(Startup, Version_NamesTheLibraries_AndOpensNoneOfTheHeavyOnes) {
  auto run = with_loader_log({"--version"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const char* library : {"OpenSSL", "Lua", "libpng", "zlib", "libjpeg-turbo", "Boost",
                              "FFmpeg", "tesseract", "libxml2"}) {
    EXPECT_THAT(run.out, HasSubstr("\n  " + std::string(library) + " ")) << run.out;
  }
  EXPECT_THAT(run.err, HasSubstr("file=liblua5.4.so"));  // the log is there
  for (const char* library :
       {"libssl.so", "libcrypto.so", "libavformat.so", "libtesseract.so", "libxml2.so"}) {
    EXPECT_THAT(run.err, Not(HasSubstr(std::string("file=") + library))) << library;
  }
}

// Only the command being run gets its options: each must still have all of its own.
TEST(Startup, EveryCommandsHelp_HasItsOwnOptions) {
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"screenshot", "--with-cursor"},
      {"type", "--layout"},
      {"record", "--duration"},
      {"run", "--junit"},
      {"verify", "--key"},
      {"ticket", "--type"},
      {"sweep", "--concurrency"},
      {"sweep-merge", "SHARD_DIR"},
      {"doctor", "--json"},
  };
  const auto top = mksagent({"--help"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  for (const auto& [command, option] : commands) {
    EXPECT_THAT(top.out, HasSubstr("\n  " + command + " ")) << command;
    const auto help = mksagent({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command << ": " << help.err;
    EXPECT_THAT(help.out, HasSubstr(option)) << command;
  }
  const auto bad = mksagent({"screenshot", "vnc://127.0.0.1:1", "-o", "x.png", "--no-such-option"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--no-such-option"));
}

TEST(Startup, ScreenshotWithoutTls_OpensNoOpenSsl_WithTlsOpensItOnUse) {
  SimProcess plain({"--no-tls"});
  const auto dir = scratch_dir();
  auto run = with_loader_log({"screenshot", plain.ticket_url(), "-o", (dir / "a.png").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, Not(HasSubstr("file=libssl.so")));
  EXPECT_THAT(run.err, Not(HasSubstr("file=libavformat.so")));

  SimProcess tls;
  run = with_loader_log(
      {"screenshot", tls.ticket_url(), "--insecure", "-o", (dir / "b.png").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("file=libssl.so"));
}

}  // namespace
}  // namespace mks::test
