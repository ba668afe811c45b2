#include "bench/soak_probe.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace mks::bench {
namespace {

std::string proc_dir(pid_t pid) {
  return pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid);
}

// VmRSS of /proc/PID/status; nullopt for a process that ended (a zombie has no VmRSS).
std::optional<long> rss_kb(const std::string& dir) {
  std::ifstream in(dir + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return std::nullopt;
}

int fd_count(const std::string& dir) {
  std::error_code error;
  int count = 0;
  for (std::filesystem::directory_iterator it(dir + "/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  return count;
}

// utime + stime: fields 14 and 15 of /proc/PID/stat, after the command name in parentheses.
double cpu_seconds(const std::string& dir) {
  std::ifstream in(dir + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / double(sysconf(_SC_CLK_TCK));
}

}  // namespace

std::optional<ProcessSample> sample_process(pid_t pid, double at_s) {
  const std::string dir = proc_dir(pid);
  const auto rss = rss_kb(dir);
  if (!rss) return std::nullopt;
  // The directory listing of our own fd folder holds one descriptor while it runs: the
  // count is steady, so it is left in.
  return ProcessSample{at_s, *rss, fd_count(dir), cpu_seconds(dir)};
}

std::vector<std::string> own_fd_targets() {
  std::vector<std::string> targets;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    std::error_code unreadable;
    const auto target = std::filesystem::read_symlink(it->path(), unreadable);
    targets.push_back(it->path().filename().string() + " -> " +
                      (unreadable ? std::string("?") : target.string()));
  }
  return targets;
}

const ProcessSample& ProcessSeries::at(double at_s) const {
  for (const auto& sample : samples_) {
    if (sample.at_s >= at_s) return sample;
  }
  return samples_.back();
}

double ProcessSeries::rss_growth_mb_per_hour(double from_s) const {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& sample : samples_) {
    if (sample.at_s < from_s) continue;
    const double x = sample.at_s / 3600;
    const double y = double(sample.rss_kb) / 1024;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const double spread = n * sxx - sx * sx;
  return n < 2 || spread <= 0 ? 0 : (n * sxy - sx * sy) / spread;
}

double ProcessSeries::cpu_percent(const ProcessSample& from, const ProcessSample& to) {
  const double wall = to.at_s - from.at_s;
  return wall > 0 ? 100 * (to.cpu_s - from.cpu_s) / wall : 0;
}

nlohmann::json ProcessSeries::to_json(double warm_s) const {
  const auto point = [](const ProcessSample& s) {
    return nlohmann::json{
        {"at_s", s.at_s}, {"rss_mb", double(s.rss_kb) / 1024}, {"fds", s.fds}, {"cpu_s", s.cpu_s}};
  };
  nlohmann::json samples = nlohmann::json::array();
  for (const auto& sample : samples_) samples.push_back(point(sample));
  return {{"name", name_},
          {"start", point(first())},
          {"after_warmup", point(at(warm_s))},
          {"end", point(last())},
          {"rss_growth_mb_per_hour", rss_growth_mb_per_hour(warm_s)},
          {"cpu_percent", cpu_percent(first(), last())},
          {"cpu_percent_after_warmup", cpu_percent(at(warm_s), last())},
          {"samples", samples}};
}

ProcessSample sum_samples(const std::vector<ProcessSample>& samples, double at_s) {
  ProcessSample sum{at_s, 0, 0, 0};
  for (const auto& sample : samples) {
    sum.rss_kb += sample.rss_kb;
    sum.fds += sample.fds;
    sum.cpu_s += sample.cpu_s;
  }
  return sum;
}

double SoakWatch::now_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void SoakWatch::sample() {
  const double at = now_s();
  if (const auto self = sample_process(0, at)) agent.add(*self);
  std::vector<ProcessSample> parts;
  for (pid_t pid : sim_pids) {
    if (const auto s = sample_process(pid, at)) parts.push_back(*s);
  }
  if (parts.size() == sim_pids.size()) sims.add(sum_samples(parts, at));
  if (recorder_pid > 0) {
    if (const auto s = sample_process(recorder_pid, at)) recorder.add(*s);
  }
}

void SoakWatch::print_progress() const {
  std::printf("%6.1f min", now_s() / 60);
  for (const auto* series : {&agent, &sims, &recorder}) {
    if (series->empty()) continue;
    std::printf("  | %s %.1f MB %d FDs", series->name().c_str(),
                double(series->last().rss_kb) / 1024, series->last().fds);
  }
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace mks::bench
