// mksagent record and run --record: videos checked with FFmpeg's own programs (ffprobe,
// ffmpeg), the audit trail beside them checked with sha256sum and openssl.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/child_process.h"
#include "tests/support/media_checks.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

std::string stream_codecs(const fs::path& file) {
  const auto probe =
      run_child("ffprobe",
                {"-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file}, 30s);
  return probe.out;
}

std::string captions_as_srt(const fs::path& file) {
  return run_child("ffmpeg", {"-v", "error", "-i", file, "-map", "0:s:0", "-f", "srt", "-"}, 30s)
      .out;
}

std::string scenario(const std::string& name) {
  return (fs::path(MKS_SOURCE_DIR) / "scenarios" / name).string();
}

TEST(Recording, AKilledAgentLeavesAVideoThatPlaysToItsLastSecond) {
  SimProcess sim;
  const auto video = scratch_dir() / "killed.mp4";
  ChildProcess agent(bin_path("mksagent"), {"record", sim.ticket_url(), "--thumbprint",
                                            sim.thumbprint_sha256(), "-o", video.string()});
  // Wait until the recording has run for 4 s of video time by its event log, then SIGKILL.
  const auto started = std::chrono::steady_clock::now();
  while (!fs::exists(video.parent_path() / "killed.events.jsonl") &&
         std::chrono::steady_clock::now() - started < 30s) {
    std::this_thread::sleep_for(50ms);
  }
  std::this_thread::sleep_for(4s);
  ASSERT_EQ(::kill(agent.pid(), SIGKILL), 0);
  EXPECT_EQ(agent.wait(10s), 128 + SIGKILL);

  const double seconds = video_seconds(video);
  EXPECT_GE(seconds, 2.5) << "more than a fragment and a half lost";
  EXPECT_LE(seconds, 4.5);
  EXPECT_EQ(decode_errors(video), "");
  EXPECT_THAT(stream_codecs(video), HasSubstr("h264"));
}

TEST(Recording, DurationEndsTheRecordingAndTheEventsAreBesideIt) {
  SimProcess sim;
  const auto dir = scratch_dir();
  const auto video = dir / "two.mkv";
  const auto run = mksagent({"record", sim.ticket_url(), "--thumbprint", sim.thumbprint_sha256(),
                             "-o", video.string(), "--duration", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NEAR(video_seconds(video), 2.0, 0.3);
  EXPECT_EQ(decode_errors(video), "");
  const auto events = json_lines(dir / "two.events.jsonl");
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0]["type"], "connect");
  EXPECT_LT(events[0]["video_ms"].get<int>(), 500);  // connected as the video starts
  EXPECT_EQ(events[1]["type"], "disconnect");
  EXPECT_EQ(events[1]["what"], "recorded the 2 s asked for");
  EXPECT_NEAR(events[1]["video_ms"].get<double>(), 2000, 300);
  // The ticket is redacted everywhere.
  std::ifstream in(dir / "two.events.jsonl");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  const std::string ticket = sim.ticket_url().substr(sim.ticket_url().rfind('/') + 1);
  EXPECT_THAT(text, Not(HasSubstr(ticket)));
}

TEST(Recording, SigintStopsWithACompleteFile) {
  SimProcess sim({"--no-tls"});
  const auto video = scratch_dir() / "stopped.webm";
  ChildProcess agent(bin_path("mksagent"), {"record", sim.ticket_url(), "-o", video.string()});
  std::this_thread::sleep_for(2500ms);
  ASSERT_EQ(::kill(agent.pid(), SIGINT), 0);
  EXPECT_EQ(agent.wait(20s), 0) << agent.stderr_text();
  EXPECT_GT(video_seconds(video), 0.5);
  EXPECT_EQ(decode_errors(video), "");
  EXPECT_THAT(stream_codecs(video), HasSubstr("vp9"));
}

TEST(Recording, BadOutputsAreUsageErrors) {
  const auto dir = scratch_dir();
  auto run = mksagent({"record", "ws://127.0.0.1:9/ticket/x", "-o", (dir / "v.avi").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown video format \".avi\""));
  run = mksagent({"record", "ws://127.0.0.1:9/ticket/x", "-o", (dir / "no" / "v.mp4").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("no folder"));
  run = mksagent({"run", scenario("demo.lua"), "--record", "v.flv", "--out", dir.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("unknown video format"));
}

std::string sha256sum(const fs::path& file) {
  const auto sum = run_child("sha256sum", {file.string()}, 30s);
  return sum.out.substr(0, 64);
}

TEST(RunRecording, TheDemoLeavesVideoCaptionsEventsReportAndAManifestThatVerifies) {
  const auto dir = scratch_dir();
  // The built-in PC's root password is "mks"; typed unmasked it would show as "mks\n".
  const auto run =
      mksagent({"run", scenario("demo.lua"), "--record", "session.mp4", "--out", dir.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const auto video = dir / "session.mp4";
  const double seconds = video_seconds(video);
  EXPECT_GT(seconds, 3.0);
  EXPECT_EQ(decode_errors(video), "");
  EXPECT_THAT(stream_codecs(video), HasSubstr("mov_text"));
  const std::string captions = captions_as_srt(video);
  EXPECT_THAT(captions, HasSubstr("demo.lua:28 type \"root"));
  EXPECT_THAT(captions, HasSubstr("type_secret (4 characters)"));
  EXPECT_THAT(captions, Not(HasSubstr("\"mks")));

  // Events: every step, in order, on the video's clock once the recording started.
  const auto events = json_lines(dir / "events.jsonl");
  std::int64_t last_ms = -1;
  bool saw_login = false;
  for (const auto& event : events) {
    EXPECT_THAT(event.dump(), Not(HasSubstr("\\\"mks"))) << event;
    if (event["video_ms"].is_null()) continue;
    EXPECT_GE(event["video_ms"].get<std::int64_t>(), last_ms) << event;
    last_ms = event["video_ms"];
    if (event["type"] == "wait" && event["outcome"] == "found" && event["where"] == "demo.lua:27") {
      saw_login = true;
      EXPECT_GT(event["duration_ms"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(saw_login);
  EXPECT_LE(last_ms, seconds * 1000 + 500);

  // The manifest lists every file with the hash sha256sum computes.
  const auto manifest = nlohmann::json::parse(std::ifstream(dir / "manifest.json"));
  std::map<std::string, std::string> listed;
  for (const auto& file : manifest["files"]) listed[file["path"]] = file["sha256"];
  for (const char* name :
       {"session.mp4", "events.jsonl", "report.html", "01-firmware.png", "04-recovered.png"}) {
    ASSERT_TRUE(listed.count(name)) << name;
    EXPECT_EQ(listed[name], sha256sum(dir / name)) << name;
  }
  EXPECT_EQ(manifest["runbook_sha256"], sha256sum(scenario("demo.lua")));
  EXPECT_EQ(manifest["exit_status"], 0);
  EXPECT_THAT(manifest["target"].get<std::string>(), HasSubstr("…)"))
      << "the built-in simulator's ticket must be redacted";

  auto verify = mksagent({"verify", dir.string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("OK: every file matches manifest.json; unsigned"));
  std::ofstream(dir / "01-firmware.png", std::ios::app) << "x";
  verify = mksagent({"verify", dir.string()});
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_THAT(verify.out, HasSubstr("01-firmware.png"));
}

TEST(RunRecording, ASignedManifestVerifiesWithItsKeyAndNotWithAnother) {
  const auto dir = scratch_dir();
  for (const char* name : {"key", "other"}) {
    const std::string pem = (dir / (std::string(name) + ".pem")).string();
    ASSERT_EQ(
        run_child("openssl", {"genpkey", "-algorithm", "ed25519", "-out", pem}, 30s).exit_code, 0);
    ASSERT_EQ(run_child("openssl",
                        {"pkey", "-in", pem, "-pubout", "-out",
                         (dir / (std::string(name) + ".pub.pem")).string()},
                        30s)
                  .exit_code,
              0);
  }
  const auto runbook = dir / "menu.lua";
  std::ofstream(runbook) << "wait_text('GNU GRUB', 30)\nscreenshot('menu.png')\n";
  const auto out = dir / "out";
  const auto run = mksagent(
      {"run", runbook.string(), "--out", out.string(), "--sign-key", (dir / "key.pem").string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_TRUE(fs::exists(out / "manifest.json.sig"));

  // openssl checks the signature on its own: the signature file is base64 of raw Ed25519.
  const auto raw = dir / "sig.bin";
  ASSERT_EQ(
      run_child("openssl",
                {"base64", "-d", "-in", (out / "manifest.json.sig").string(), "-out", raw.string()},
                30s)
          .exit_code,
      0);
  const auto openssl_verify =
      run_child("openssl",
                {"pkeyutl", "-verify", "-pubin", "-inkey", (dir / "key.pub.pem").string(), "-rawin",
                 "-in", (out / "manifest.json").string(), "-sigfile", raw.string()},
                30s);
  EXPECT_EQ(openssl_verify.exit_code, 0) << openssl_verify.out << openssl_verify.err;

  auto verify = mksagent({"verify", out.string(), "--key", (dir / "key.pub.pem").string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("signature good (trusted key)"));
  verify = mksagent({"verify", out.string(), "--key", (dir / "other.pub.pem").string()});
  EXPECT_EQ(verify.exit_code, 1) << verify.out;
}

TEST(RunRecording, EveryConsoleTheRunbookOpensGetsItsOwnVideoInTheManifest) {
  SimProcess second;
  const auto dir = scratch_dir();
  const auto runbook = dir / "two.lua";
  std::ofstream(runbook) << "wait_text('GNU GRUB', 30)\n"
                            "local vm2 = connect(var('second'), {thumbprint = var('thumb')})\n"
                            "vm2:type('hello\\n')\n"
                            "vm2:wait_text('hello', 10)\n"
                            "sleep(1)\n";
  const auto out = dir / "out";
  const auto run = mksagent({"run", runbook.string(), "--record", "session.mp4", "--out",
                             out.string(), "-q", "--var", "second=" + second.ticket_url(), "--var",
                             "thumb=" + second.thumbprint_sha256()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<fs::path> videos;
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().extension() == ".mp4") videos.push_back(entry.path().filename());
  }
  std::sort(videos.begin(), videos.end());
  ASSERT_EQ(videos.size(), 2u);
  EXPECT_TRUE(videos[0].string().starts_with("session-2-wss-127.0.0.1-")) << videos[0];
  EXPECT_EQ(videos[1], "session.mp4");
  for (const auto& video : videos) {
    EXPECT_GT(video_seconds(out / video), 0.5) << video;
    EXPECT_EQ(decode_errors(out / video), "") << video;
  }
  std::ifstream manifest(out / "manifest.json");
  const std::string listed((std::istreambuf_iterator<char>(manifest)), {});
  for (const auto& video : videos) EXPECT_NE(listed.find(video.string()), std::string::npos);
  EXPECT_EQ(mksagent({"verify", out.string()}).exit_code, 0);
}

}  // namespace
}  // namespace mks::test
