#include "codecs/video/recorder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "tests/unit/temp_dir.h"
#include "tests/unit/video_probe.h"

namespace mks::codecs::video {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using test::TempDir;
using Clock = Recorder::Clock;
using ::testing::HasSubstr;

Image shade(int width, int height, int i) {
  return Image(width, height, rgb(static_cast<std::uint8_t>(i * 37), 90, 160));
}

RecorderOptions options(int max_fps) {
  RecorderOptions o;
  o.video.max_fps = max_fps;
  return o;
}

TEST(Recorder, FramesFasterThanTheCapAreMergedIntoOnePerInterval) {
  TempDir dir;
  Recorder recorder(dir.path / "cap.mp4", options(10));
  const auto start = Clock::now();
  for (int i = 0; i < 50; ++i) {
    recorder.submit(shade(160, 120, i), Clock::now());
    std::this_thread::sleep_for(milliseconds(10));
  }
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(recorder.stop());
  const auto stats = recorder.stats();
  EXPECT_EQ(stats.frames_submitted, 50);
  // About 5 intervals of 100 ms passed: one frame each (plus the first), never one per submit.
  const auto intervals = std::chrono::duration_cast<milliseconds>(elapsed).count() / 100;
  EXPECT_LE(stats.frames_written - stats.frames_repeated, intervals + 3);
  // Each frame not written was replaced: by the cap, or (on a loaded machine, the encoder
  // behind) merged.
  EXPECT_GE(stats.frames_capped + stats.frames_merged, 50 - intervals - 3);
  EXPECT_GT(stats.frames_capped, 0);
  const auto decoded = test::decode_video(dir.path / "cap.mp4");
  ASSERT_GE(decoded.frame_ms.size(), 3u);
  // Apart from the closing frame, frames are at least one interval apart.
  for (std::size_t i = 1; i + 1 < decoded.frame_ms.size(); ++i) {
    EXPECT_GE(decoded.frame_ms[i] - decoded.frame_ms[i - 1], 99) << "frame " << i;
  }
}

TEST(Recorder, AHeldBackFrameIsWrittenAtItsSlotWithoutWaitingForAnother) {
  TempDir dir;
  Recorder recorder(dir.path / "slot.mkv", options(5));  // 200 ms interval
  recorder.submit(shade(160, 120, 1), Clock::now());
  std::this_thread::sleep_for(milliseconds(20));
  const Image last = shade(160, 120, 2);
  recorder.submit(last, Clock::now());  // within the interval: held back until its slot
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_EQ(recorder.stats().frames_written, 2);
  ASSERT_FALSE(recorder.stop());
  const auto decoded = test::decode_video(dir.path / "slot.mkv");
  ASSERT_GE(decoded.frames.size(), 2u);
  EXPECT_NEAR(decoded.frame_ms[1], 200, 40);
  EXPECT_NEAR(red(decoded.frames[1].at(80, 60)), red(last.at(0, 0)), 10);
}

TEST(Recorder, AnIdleScreenIsRepeatedSoTheVideoFollowsTheClock) {
  TempDir dir;
  RecorderOptions o = options(30);
  o.keepalive = milliseconds(200);
  Recorder recorder(dir.path / "idle.mp4", o);
  recorder.submit(shade(160, 120, 3), Clock::now());
  std::this_thread::sleep_for(milliseconds(1100));
  ASSERT_FALSE(recorder.stop());
  const auto stats = recorder.stats();
  EXPECT_GE(stats.frames_repeated, 3);  // 5 on an idle machine
  EXPECT_LE(stats.frames_repeated, 6);
  const auto decoded = test::decode_video(dir.path / "idle.mp4");
  ASSERT_FALSE(decoded.frame_ms.empty());
  EXPECT_NEAR(decoded.frame_ms.back(), 1100, 150);
}

TEST(Recorder, CaptionsLandAtTheirVideoTime) {
  TempDir dir;
  Recorder recorder(dir.path / "captions.mp4", options(30));
  recorder.caption("before the first frame", Clock::now());
  recorder.submit(shade(160, 120, 4), Clock::now());
  std::this_thread::sleep_for(milliseconds(300));
  const auto when = Clock::now();
  recorder.caption("demo.lua:28 type \"root\"", when);
  recorder.submit(shade(160, 120, 5), Clock::now());
  std::this_thread::sleep_for(milliseconds(200));
  ASSERT_FALSE(recorder.stop());
  EXPECT_EQ(recorder.stats().captions_written, 2);
  const auto decoded = test::decode_video(dir.path / "captions.mp4");
  ASSERT_EQ(decoded.captions.size(), 2u);
  EXPECT_EQ(decoded.captions[0].second, "before the first frame");
  EXPECT_EQ(decoded.captions[1].second, "demo.lua:28 type \"root\"");
  EXPECT_NEAR(decoded.captions[1].first, recorder.video_ms(when), 40);
}

TEST(Recorder, WhenTheEncoderIsBehindFramesAreMergedAndReported) {
  TempDir dir;
  std::atomic<int> notices = 0;
  std::string notice;
  std::mutex notice_mutex;
  Recorder recorder(dir.path / "behind.mkv", options(1000), [&](const std::string& text) {
    std::lock_guard lock(notice_mutex);
    notice = text;
    ++notices;
  });
  // Noise at 1920x1080 takes x264 far longer per frame than a copy takes to submit.
  std::mt19937 random(7);
  Image noise(1920, 1080);
  for (auto& pixel : noise.pixels()) pixel = random();
  const auto until = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < until) {
    noise.set(0, 0, random());
    recorder.submit(noise, Clock::now());
    std::this_thread::sleep_for(milliseconds(2));
  }
  ASSERT_FALSE(recorder.stop());
  const auto stats = recorder.stats();
  EXPECT_GT(stats.frames_merged, 0);
  EXPECT_LT(stats.frames_written, stats.frames_submitted);
  EXPECT_GE(notices.load(), 1);
  std::lock_guard lock(notice_mutex);
  EXPECT_THAT(notice, HasSubstr("encoder behind: "));
}

TEST(Recorder, NoFrameMeansNoFileAndSaysSo) {
  TempDir dir;
  Recorder recorder(dir.path / "none.mp4", options(30));
  const auto error = recorder.stop();
  ASSERT_TRUE(error);
  EXPECT_THAT(*error, HasSubstr("no frame arrived"));
  EXPECT_FALSE(fs::exists(dir.path / "none.mp4"));
}

TEST(Recorder, AnUnwritablePlaceStopsTheRecordingWithTheReason) {
  TempDir dir;
  EXPECT_THROW(Recorder(dir.path / "x.avi", options(30)), VideoError);
  std::string notice;
  Recorder recorder(dir.path / "missing" / "x.mp4", options(30),
                    [&](const std::string& text) { notice = text; });
  recorder.submit(shade(64, 48, 1), Clock::now());
  const auto error = recorder.stop();
  ASSERT_TRUE(error);
  EXPECT_THAT(*error, HasSubstr("creating the file"));
  EXPECT_THAT(notice, HasSubstr("recording stopped: "));
}

}  // namespace
}  // namespace mks::codecs::video
