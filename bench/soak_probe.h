#pragma once

// What mks-bench-soak samples of a process, read from /proc: resident memory, open file
// descriptors and CPU time, and the figures drawn from a series of such samples.

#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mks::bench {

struct ProcessSample {
  double at_s = 0;   // seconds since the soak started
  long rss_kb = 0;   // VmRSS
  int fds = 0;       // entries of /proc/PID/fd
  double cpu_s = 0;  // user + system time so far
};

// A sample of `pid` (0: this process) taken now; nullopt once it has exited (a zombie too).
std::optional<ProcessSample> sample_process(pid_t pid, double at_s);
// What this process's descriptors point at ("socket:[123]", "/dev/urandom"): for a report
// that has to say which ones were not given back.
std::vector<std::string> own_fd_targets();

// The samples of one process (or a group summed, like the simulators) over the soak.
class ProcessSeries {
 public:
  explicit ProcessSeries(std::string name) : name_(std::move(name)) {}

  void add(const ProcessSample& sample) { samples_.push_back(sample); }
  const std::string& name() const { return name_; }
  bool empty() const { return samples_.empty(); }

  const ProcessSample& first() const { return samples_.front(); }
  const ProcessSample& last() const { return samples_.back(); }
  // The first sample at or after `at_s` (the last one if none is).
  const ProcessSample& at(double at_s) const;
  // RSS growth after `from_s` by a least-squares line through the samples: MB per hour.
  double rss_growth_mb_per_hour(double from_s) const;
  // Share of one core used between two samples, in percent.
  static double cpu_percent(const ProcessSample& from, const ProcessSample& to);

  nlohmann::json to_json(double warm_s) const;

 private:
  std::string name_;
  std::vector<ProcessSample> samples_;
};

// Sums samples of several processes taken at the same moment (the simulators).
ProcessSample sum_samples(const std::vector<ProcessSample>& samples, double at_s);

// The processes a soak watches: this one (it holds the sessions), the simulators (summed)
// and the recorder.
struct SoakWatch {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ProcessSeries agent{"bench (sessions)"};
  ProcessSeries sims{"webmks-sim (all)"};
  ProcessSeries recorder{"mksagent record"};
  std::vector<pid_t> sim_pids;
  pid_t recorder_pid = -1;

  double now_s() const;
  // One sample of each; the simulators only when all of them answered.
  void sample();
  // One line with the newest figures, so a long run shows it is alive.
  void print_progress() const;
};

}  // namespace mks::bench
