#include "bench/soak_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "tests/support/child_process.h"

namespace mks::bench {
namespace {

// The recorder's "stopped" line in the events log beside the video: frames it wrote.
long frames_written_by_recorder(const std::filesystem::path& video) {
  std::filesystem::path events = video;
  events.replace_extension(".events.jsonl");
  std::ifstream in(events);
  long frames = -1;
  for (std::string line; std::getline(in, line);) {
    const auto event = nlohmann::json::parse(line, nullptr, false);
    if (event.is_object() && event.value("type", "") == "recorder" &&
        event.value("what", "") == "stopped") {
      frames = event.value("frames_written", -1L);
    }
  }
  return frames;
}

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string video_problem(const VideoCheck& v, const std::filesystem::path& log) {
  if (!v.recorder_exit) return "mksagent record overran its --duration and was killed";
  if (*v.recorder_exit != 0) {
    return "mksagent record exited " + std::to_string(*v.recorder_exit) + ": " +
           first_line(log.string() + ".err");
  }
  if (!v.decode_errors.empty())
    return "decode errors: " + v.decode_errors.substr(0, v.decode_errors.find('\n'));
  // The recorder completes a fragment every second: the file may end that much early.
  const double slack = std::max(3.0, v.expected_s * 0.01);
  if (std::abs(v.duration_s - v.expected_s) > slack) {
    return "plays " + std::to_string(v.duration_s) + " s of " + std::to_string(v.expected_s);
  }
  if (v.frames_decoded == 0 || (v.frames_written >= 0 && v.frames_decoded < v.frames_written - 2)) {
    return std::to_string(v.frames_decoded) + " frames decode of " +
           std::to_string(v.frames_written) + " written";
  }
  return {};
}

void judge_series(const SoakReport& report, const ProcessSeries& s, SoakVerdict& verdict) {
  const auto& warm = s.at(report.warmup_s);
  if (s.last().fds > warm.fds + report.fd_slack) {
    verdict.fail("descriptor leak in " + s.name() + ": " + std::to_string(warm.fds) +
                 " after the warm-up, " + std::to_string(s.last().fds) + " at the end");
  }
  const double growth = s.rss_growth_mb_per_hour(report.warmup_s);
  if (report.max_growth_mb_per_hour > 0 && growth > report.max_growth_mb_per_hour) {
    verdict.fail(s.name() + " grows " + std::to_string(growth) + " MB/h after the warm-up");
  }
}

double mb(long kb) {
  return double(kb) / 1024;
}

void print_series(const ProcessSeries& s, double warm_s) {
  const auto& warm = s.at(warm_s);
  std::printf("%-18s %7.1f %7.1f %7.1f %9.2f   %4d %4d %4d   %5.1f\n", s.name().c_str(),
              mb(s.first().rss_kb), mb(warm.rss_kb), mb(s.last().rss_kb),
              s.rss_growth_mb_per_hour(warm_s), s.first().fds, warm.fds, s.last().fds,
              ProcessSeries::cpu_percent(s.first(), s.last()));
}

void print_report(const SoakReport& r, const std::vector<const ProcessSeries*>& series) {
  std::printf("\nrun %.0f s, warm-up %.0f s; %d of %d sessions alive at the end\n", r.run_s,
              r.warmup_s, r.alive, r.sessions);
  std::printf("%-18s %7s %7s %7s %9s   %4s %4s %4s   %5s\n", "process", "RSS MB", "warm", "end",
              "MB/hour", "FDs", "warm", "end", "CPU %");
  for (const auto* s : series) {
    if (!s->empty()) print_series(*s, r.warmup_s);
  }
  std::printf("bench before the sessions: %d FDs, %.1f MB; after closing them: %d FDs, %.1f MB\n",
              r.baseline.fds, mb(r.baseline.rss_kb), r.after_close.fds, mb(r.after_close.rss_kb));
  const auto& t = r.typing;
  std::printf(
      "typed %ld lines, %ld echoed on the sessions' screens; %ld keystrokes sent, %ld echoed; "
      "%ld key events reached the simulators; %ld screenshots\n",
      t.lines_sent, t.lines_echoed, t.chars_sent, t.chars_echoed, r.keys_at_simulators,
      t.screenshots);
  const auto& v = r.video;
  std::printf("video %s: %.1f s (run %.1f s), %ld frames decoded of %ld written, %s\n",
              v.file.c_str(), v.duration_s, v.expected_s, v.frames_decoded, v.frames_written,
              v.problem.empty() ? "complete" : v.problem.c_str());
}

nlohmann::json to_json(const SoakReport& r) {
  const auto point = [](const ProcessSample& s) {
    return nlohmann::json{{"rss_mb", mb(s.rss_kb)}, {"fds", s.fds}};
  };
  const auto& t = r.typing;
  const auto& v = r.video;
  return {{"run_s", r.run_s},
          {"warmup_s", r.warmup_s},
          {"sessions", r.sessions},
          {"sessions_alive", r.alive},
          {"bench_before_sessions", point(r.baseline)},
          {"bench_after_close", point(r.after_close)},
          {"bench_fds_after_close", r.fds_after_close},
          {"typing",
           {{"lines_sent", t.lines_sent},
            {"lines_echoed", t.lines_echoed},
            {"keystrokes_sent", t.chars_sent},
            {"keystrokes_echoed", t.chars_echoed},
            {"key_events_at_simulators", r.keys_at_simulators},
            {"screenshots", t.screenshots}}},
          {"video",
           {{"file", v.file},
            {"recorder_exit", v.recorder_exit ? *v.recorder_exit : -1},
            {"expected_s", v.expected_s},
            {"duration_s", v.duration_s},
            {"frames_decoded", v.frames_decoded},
            {"frames_written", v.frames_written},
            {"decode_errors", v.decode_errors},
            {"complete", v.problem.empty()}}}};
}

}  // namespace

void TypingTally::merge(const TypingTally& other) {
  lines_sent += other.lines_sent;
  lines_echoed += other.lines_echoed;
  chars_sent += other.chars_sent;
  chars_echoed += other.chars_echoed;
  screenshots += other.screenshots;
}

VideoCheck check_video(const std::filesystem::path& file, double expected_s,
                       std::optional<int> recorder_exit, const std::filesystem::path& log) {
  VideoCheck v{file, recorder_exit, expected_s};
  v.frames_written = frames_written_by_recorder(file);
  // -count_frames decodes every frame of the video stream; errors come on stderr.
  const auto probe =
      test::run_child("ffprobe",
                      {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                       "format=duration:stream=nb_read_frames", "-of", "json", file.string()},
                      std::chrono::minutes(10));
  v.decode_errors = probe.err;
  const auto reply = nlohmann::json::parse(probe.out, nullptr, false);
  if (probe.exit_code == 0 && reply.is_object()) {
    v.duration_s = std::stod(reply["format"].value("duration", "0"));
    const auto& streams = reply["streams"];
    if (!streams.empty()) v.frames_decoded = std::stol(streams[0].value("nb_read_frames", "0"));
  } else if (v.decode_errors.empty()) {
    v.decode_errors = "ffprobe failed";
  }
  v.problem = video_problem(v, log);
  return v;
}

long key_events_in(const std::filesystem::path& sim_log) {
  std::ifstream in(sim_log);
  long keys = 0;
  for (std::string line; std::getline(in, line);) {
    keys += line.find("\"event\":\"key\"") != std::string::npos;
  }
  return keys;
}

nlohmann::json judge_and_print(const SoakReport& report,
                               const std::vector<const ProcessSeries*>& series,
                               SoakVerdict& verdict) {
  nlohmann::json processes = nlohmann::json::array();
  for (const auto* s : series) {
    if (s->empty()) continue;
    judge_series(report, *s, verdict);
    processes.push_back(s->to_json(report.warmup_s));
  }
  if (report.after_close.fds > report.baseline.fds + report.fd_slack) {
    verdict.fail("descriptors not given back: " + std::to_string(report.baseline.fds) +
                 " before the sessions, " + std::to_string(report.after_close.fds) +
                 " after closing them");
  }
  if (!report.video.problem.empty()) verdict.fail("video incomplete: " + report.video.problem);
  print_report(report, series);
  for (const auto& why : verdict.failures()) std::printf("FAIL: %s\n", why.c_str());
  if (report.after_close.fds > report.baseline.fds + report.fd_slack) {
    for (const auto& fd : report.fds_after_close) std::printf("  open: %s\n", fd.c_str());
  }
  std::printf("%s\n", verdict.ok() ? "PASS: no descriptor leak, every session alive, video complete"
                                   : "soak failed");
  nlohmann::json json = to_json(report);
  json["processes"] = processes;
  json["failures"] = verdict.failures();
  json["pass"] = verdict.ok();
  return json;
}

}  // namespace mks::bench
