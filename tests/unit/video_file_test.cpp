#include "codecs/video/video_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "codecs/video/caption_track.h"
#include "tests/unit/temp_dir.h"
#include "tests/unit/video_probe.h"

namespace mks::codecs::video {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using ::testing::HasSubstr;

Image solid(int width, int height, Pixel colour) {
  return Image(width, height, colour);
}

// Within the rounding of RGB -> YUV 4:2:0 -> RGB on a flat colour.
void expect_close(Pixel actual, Pixel expected) {
  EXPECT_NEAR(red(actual), red(expected), 10);
  EXPECT_NEAR(green(actual), green(expected), 10);
  EXPECT_NEAR(blue(actual), blue(expected), 10);
}

const Pixel kColours[] = {rgb(200, 30, 30), rgb(30, 200, 30), rgb(30, 30, 200), rgb(220, 220, 40),
                          rgb(128, 128, 128)};

TEST(VideoFile, FramesDecodeBackWithTheirTimesAndColours) {
  TempDir dir;
  const fs::path file = dir.path / "a.mp4";
  {
    VideoFile video(file, 320, 240, VideoSettings{});
    for (int i = 0; i < 5; ++i) video.write_frame(solid(320, 240, kColours[i]), i * 250);
    video.close();
    EXPECT_EQ(video.codec_name(), "libx264");
  }
  const auto decoded = test::decode_video(file);
  ASSERT_TRUE(decoded.opened);
  EXPECT_EQ(decoded.codec, "h264");
  EXPECT_EQ(decoded.width, 320);
  EXPECT_EQ(decoded.height, 240);
  EXPECT_THAT(decoded.frame_ms, ::testing::ElementsAre(0, 250, 500, 750, 1000));
  ASSERT_EQ(decoded.frames.size(), 5u);
  for (int i = 0; i < 5; ++i) expect_close(decoded.frames[i].at(160, 120), kColours[i]);
}

TEST(VideoFile, CaptionsAreASubtitleTrack) {
  TempDir dir;
  for (const char* name : {"c.mp4", "c.mkv"}) {
    SCOPED_TRACE(name);
    const fs::path file = dir.path / name;
    {
      VideoFile video(file, 64, 48, VideoSettings{});
      video.write_frame(solid(64, 48, kColours[0]), 0);
      video.write_caption("demo.lua:28 type \"root\\n\"", 400, 3000);
      video.write_frame(solid(64, 48, kColours[1]), 500);
      video.write_caption("demo.lua:30 type_secret ••••", 900, 3000);
      video.write_frame(solid(64, 48, kColours[2]), 1000);
      video.close();
    }
    const auto decoded = test::decode_video(file);
    ASSERT_EQ(decoded.captions.size(), 2u);
    EXPECT_EQ(decoded.captions[0].first, 400);
    EXPECT_THAT(decoded.captions[0].second, HasSubstr("demo.lua:28 type \"root"));
    EXPECT_EQ(decoded.captions[1].first, 900);
    EXPECT_THAT(decoded.captions[1].second, HasSubstr("type_secret ••••"));
  }
}

TEST(VideoFile, BackslashesInCaptionsStayLiteral) {
  EXPECT_EQ(ass_dialogue_text("a\nb"), "a\\Nb");
  EXPECT_EQ(ass_dialogue_text("root\\n"), "root\\\u200bn");
  EXPECT_EQ(ass_dialogue_text("{\\b1}x"), "{\\\u200bb1}x");
}

TEST(VideoFile, AnotherSizeIsScaledIntoTheFirstOnBlack) {
  TempDir dir;
  const fs::path file = dir.path / "resize.mkv";
  {
    VideoFile video(file, 320, 240, VideoSettings{});
    video.write_frame(solid(320, 240, kColours[0]), 0);
    video.write_frame(solid(640, 240, kColours[1]), 100);  // wider: bars above and below
    video.write_frame(solid(320, 240, kColours[2]), 200);  // back: full frame again
    video.close();
  }
  const auto decoded = test::decode_video(file);
  ASSERT_EQ(decoded.frames.size(), 3u);
  EXPECT_EQ(decoded.width, 320);
  EXPECT_EQ(decoded.height, 240);
  // 640x240 at half scale is 320x120, centred: rows 60..179.
  expect_close(decoded.frames[1].at(160, 120), kColours[1]);
  expect_close(decoded.frames[1].at(160, 10), rgb(0, 0, 0));
  expect_close(decoded.frames[1].at(160, 230), rgb(0, 0, 0));
  expect_close(decoded.frames[2].at(160, 10), kColours[2]);
}

TEST(VideoFile, OddSizesAreRoundedUpToEven) {
  TempDir dir;
  const fs::path file = dir.path / "odd.mp4";
  {
    VideoFile video(file, 721, 401, VideoSettings{});
    EXPECT_EQ(video.width(), 722);
    EXPECT_EQ(video.height(), 402);
    video.write_frame(solid(721, 401, kColours[3]), 0);
    video.close();
  }
  const auto decoded = test::decode_video(file);
  ASSERT_EQ(decoded.frames.size(), 1u);
  expect_close(decoded.frames[0].at(720, 400), kColours[3]);
}

TEST(VideoFile, KeyFramesComeWithChangesNotWithRepeatsOfAnIdleScreen) {
  TempDir dir;
  const fs::path file = dir.path / "keys.mp4";
  {
    VideoFile video(file, 160, 120, VideoSettings{.keyframe_interval = std::chrono::seconds(10)});
    video.write_frame(solid(160, 120, kColours[0]), 0);
    for (int s = 1; s <= 30; ++s) video.write_frame(solid(160, 120, kColours[0]), s * 1000, true);
    // A few characters typed (not a scene cut): the first change after 30 s is a key frame,
    // the next, within 10 s of it, is not.
    Image typed = solid(160, 120, kColours[0]);
    typed.fill({8, 8, 16, 16}, kColours[1]);
    video.write_frame(typed, 30500);
    typed.fill({32, 8, 16, 16}, kColours[1]);
    video.write_frame(typed, 31000);
    video.close();
  }
  const auto decoded = test::decode_video(file);
  EXPECT_EQ(decoded.frames.size(), 33u);
  EXPECT_EQ(decoded.key_frames, 2);
}

// An idle gap across a fragment boundary keeps every frame at its own time (the muxer must
// not guess the duration of a fragment's last frame).
TEST(VideoFile, FramesKeepTheirTimesAcrossFragmentsAndGaps) {
  TempDir dir;
  const fs::path file = dir.path / "gaps.mp4";
  const std::vector<std::int64_t> times = {0, 100, 200, 1400, 1500, 3900, 3902, 5000};
  {
    VideoFile video(file, 64, 48, VideoSettings{});
    for (std::size_t i = 0; i < times.size(); ++i) {
      video.write_frame(solid(64, 48, kColours[i % 5]), times[i]);
    }
    video.close();
  }
  EXPECT_EQ(test::decode_video(file).frame_ms, times);
}

TEST(VideoFile, BadNamesAndPlacesAreClearErrors) {
  TempDir dir;
  try {
    VideoFile video(dir.path / "x.avi", 64, 48, VideoSettings{});
    FAIL() << "no error";
  } catch (const VideoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("x.avi: unknown video format \".avi\""));
  }
  try {
    VideoFile video(dir.path / "missing" / "x.mp4", 64, 48, VideoSettings{});
    FAIL() << "no error";
  } catch (const VideoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("missing/x.mp4: creating the file"));
  }
  try {
    VideoFile video(dir.path / "x.webm", 64, 48, VideoSettings{.codec = "h264"});
    FAIL() << "no error";
  } catch (const VideoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("WebM holds VP9 or AV1"));
  }
  try {
    VideoFile video(dir.path / "x.mkv", 64, 48, VideoSettings{.codec = "mpeg9"});
    FAIL() << "no error";
  } catch (const VideoError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no encoder for \"mpeg9\""));
  }
}

// What a kill leaves: the file as it is on disk while the writer is still open.
TEST(VideoFile, AFileCutWhileOpenPlaysUpToItsLastFlush) {
  TempDir dir;
  for (const char* name : {"cut.mp4", "cut.mkv"}) {
    SCOPED_TRACE(name);
    const fs::path file = dir.path / name;
    const fs::path copy = dir.path / (std::string("copy-") + name);
    VideoFile video(file, 320, 240, VideoSettings{});  // fragments of 1 s
    for (int i = 0; i < 25; ++i) video.write_frame(solid(320, 240, kColours[i % 5]), i * 100);
    fs::copy_file(file, copy);  // two fragments complete (0-1.9 s), 0.5 s still open
    const auto decoded = test::decode_video(copy);
    ASSERT_TRUE(decoded.opened);
    ASSERT_GE(decoded.frames.size(), 20u);
    EXPECT_EQ(decoded.frame_ms[19], 1900);
    expect_close(decoded.frames[19].at(10, 10), kColours[19 % 5]);
  }
}

TEST(VideoFile, Vp9AndAv1WhereThisFfmpegHasThem) {
  TempDir dir;
  const auto codecs = available_codecs();
  EXPECT_THAT(codecs, ::testing::Contains("h264"));
  for (const std::string& codec : codecs) {
    if (codec == "h264") continue;
    SCOPED_TRACE(codec);
    const fs::path file = dir.path / (codec + ".webm");
    {
      VideoFile video(file, 128, 96, VideoSettings{.codec = codec});
      video.write_frame(solid(128, 96, kColours[0]), 0);
      video.write_frame(solid(128, 96, kColours[1]), 100);
      video.close();
    }
    const auto decoded = test::decode_video(file);
    EXPECT_EQ(decoded.codec, codec);
    ASSERT_EQ(decoded.frames.size(), 2u);
    expect_close(decoded.frames[1].at(64, 48), kColours[1]);
  }
}

}  // namespace
}  // namespace mks::codecs::video
