// mks-bench-sweep: a whole simulated vCenter swept in one process, simulators included.
// vcsim-ticket holds ~--vms powered-on VMs whose tickets (TICKET_TOKEN_PREFIX=moref) point at
// one `webmks-sim --fleet --accept-foreign-tickets`; `mksagent sweep --vcenter` screenshots
// and classifies them all. Printed, never asserted: wall time to the last PNG, consoles/s,
// CPU per console of each process, mksagent's peak RSS; then the same work done by a loop of
// one-shot `mksagent screenshot vcenter://…` over the first --sample VMs, extrapolated to the
// fleet; then RSS per held session: --sessions Session::open calls on a `webmks-sim --fleet
// --no-tls` kept open at once in this process.
//
//   mks-bench-sweep [--vms 1000] [--concurrency 64] [--sample 50] [--sessions 200]
//                   [--only sweep|sessions] [--out DIR]
// The programs are taken from the folder of this one (build/<preset>/bin).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/session/session.h"
#include "tests/support/child_process.h"
#include "tests/support/free_port.h"

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using mks::test::ChildProcess;

constexpr const char* kUser = "operator@vsphere.local";
constexpr const char* kPassword = "vcsim-pass";

struct Options {
  int vms = 1000;
  int concurrency = 64;
  int sample = 50;
  int sessions = 200;
  std::string only;
  fs::path out;
};

fs::path bin_dir() {
  return fs::read_symlink("/proc/self/exe").parent_path();
}

std::string program(const std::string& name) {
  const fs::path path = bin_dir() / name;
  if (!fs::exists(path)) {
    throw std::runtime_error(path.string() + " is missing (build it in this preset first)");
  }
  return path.string();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A program run to its end, measured by wait4: its wall time, CPU and peak RSS.
struct Measured {
  int exit_code = -1;
  double wall_s = 0;
  double cpu_s = 0;
  long max_rss_kb = 0;
};

Measured run_measured(const std::string& path, const std::vector<std::string>& args,
                      const fs::path& stderr_file, std::chrono::seconds timeout) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto started = Clock::now();
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + path);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, WNOHANG, &usage) == 0) {
    if (Clock::now() - started > timeout) {
      ::kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      throw std::runtime_error(path + " overran " + std::to_string(timeout.count()) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto cpu = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), seconds_since(started),
          cpu(usage.ru_utime) + cpu(usage.ru_stime), usage.ru_maxrss};
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// utime + stime of a running process (/proc/PID/stat fields 14 and 15).
double cpu_seconds_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string skip;
  for (int field = 3; field < 14; ++field) fields >> skip;
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / double(sysconf(_SC_CLK_TCK));
}

long rss_kb_of_self() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return 0;
}

// webmks-sim prints one event line per connection: a thousand consoles fill a pipe nobody
// reads and stall the simulator, so its stdout goes to a file and the ready line is read
// from there. `exec` keeps the pid the simulator's (its CPU time is read from /proc).
struct Simulator {
  std::unique_ptr<ChildProcess> process;
  nlohmann::json ready;
  int pid() const { return process->pid(); }
};

Simulator start_simulator(const std::vector<std::string>& flags, const fs::path& log) {
  std::vector<std::string> args = {"-c", "exec \"$0\" \"$@\" > \"$MKS_BENCH_SIM_LOG\"",
                                   program("webmks-sim")};
  args.insert(args.end(), flags.begin(), flags.end());
  fs::create_directories(log.parent_path());
  setenv("MKS_BENCH_SIM_LOG", log.c_str(), 1);
  Simulator sim{std::make_unique<ChildProcess>("/bin/sh", args), {}};
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    std::ifstream in(log);
    std::string line;
    if (std::getline(in, line) && !line.empty() && in.good()) {
      sim.ready = nlohmann::json::parse(line);
      return sim;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string& err = sim.process->stderr_text();
  throw std::runtime_error("webmks-sim did not start: " + err.substr(0, err.find('\n')));
}

// The simulated vCenter: VM names, powered-on ones only, in name order.
struct Vcenter {
  std::unique_ptr<ChildProcess> process;
  std::string host_port;
  std::vector<std::string> vms;
};

// govmomi's model: every datacenter has `cluster` clusters and `standalone-host` hosts, each
// with -vm VMs; two datacenters of two clusters and one host give 6 * vm VMs, a few of them
// powered off (not swept: only powered-on VMs are selected by default).
Vcenter start_vcenter(int vms, int ticket_port, const std::string& thumbprint) {
  const int powered_off = vms / 20;
  const int per_resource = (vms + powered_off + 5) / 6;
  Vcenter vc;
  vc.host_port = "127.0.0.1:" + std::to_string(mks::test::free_loopback_port());
  setenv("TICKET_TOKEN_PREFIX", "moref", 1);
  setenv("TICKET_HOST", "127.0.0.1", 1);
  setenv("TICKET_PORT", std::to_string(ticket_port).c_str(), 1);
  setenv("TICKET_THUMBPRINT", thumbprint.c_str(), 1);
  vc.process = std::make_unique<ChildProcess>(
      program("vcsim-ticket"),
      std::vector<std::string>{"-listen", vc.host_port, "-user", kUser, "-pass", kPassword, "-dc",
                               "2", "-cluster", "2", "-standalone-host", "1", "-folder", "1", "-vm",
                               std::to_string(per_resource), "-powered-off",
                               std::to_string(powered_off)});
  while (auto line = vc.process->read_line(std::chrono::seconds(120))) {
    if (line->starts_with("VCSIM_READY")) return vc;
    std::istringstream in(*line);
    std::string tag, moref, name, power;
    in >> tag >> moref >> name >> power;
    if (tag == "VM" && power == "poweredOn") vc.vms.push_back(name);
  }
  throw std::runtime_error(
      "vcsim-ticket printed no VCSIM_READY line (a build of "
      "tests/peers/vcsim without the inventory flags?): " +
      vc.process->stderr_text());
}

double newest_file_age(const fs::path& dir, fs::file_time_type since) {
  auto newest = since;
  for (const auto& entry : fs::directory_iterator(dir)) {
    newest = std::max(newest, entry.last_write_time());
  }
  return std::chrono::duration<double>(newest - since).count();
}

void print_cpu(const char* who, double cpu_s, int consoles) {
  std::printf("  CPU %-11s %8.2f s  %7.2f ms/console\n", who, cpu_s, cpu_s * 1000 / consoles);
}

void bench_sweep(const Options& options) {
  const Simulator sim =
      start_simulator({"--fleet", "--accept-foreign-tickets"}, options.out / "webmks-sim.jsonl");
  const auto& ready = sim.ready;
  Vcenter vc = start_vcenter(options.vms, ready.at("port").get<int>(), ready.at("thumbprint_sha1"));
  setenv("MKS_VCENTER_PASSWORD", kPassword, 1);
  const int consoles = int(vc.vms.size());
  std::printf("fleet: %d powered-on VMs in vcsim, consoles in one webmks-sim --fleet\n", consoles);

  const fs::path out = options.out / "sweep";
  const double sim_cpu0 = cpu_seconds_of(sim.pid());
  const double vc_cpu0 = cpu_seconds_of(vc.process->pid());
  const auto file_start = fs::file_time_type::clock::now();
  const auto sweep = run_measured(
      program("mksagent"),
      {"sweep", "--vcenter", "https://" + vc.host_port, "--user", kUser, "--insecure", "--out",
       out.string(), "--concurrency", std::to_string(options.concurrency), "-q"},
      options.out / "sweep.err", std::chrono::seconds(600));
  const double sim_cpu = cpu_seconds_of(sim.pid()) - sim_cpu0;
  const double vc_cpu = cpu_seconds_of(vc.process->pid()) - vc_cpu0;
  if (sweep.exit_code > 1 || !fs::exists(out / "summary.json")) {
    throw std::runtime_error("mksagent sweep exited " + std::to_string(sweep.exit_code) + ": " +
                             first_line(options.out / "sweep.err"));
  }
  std::ifstream summary_file(out / "summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  const double to_last_png = newest_file_age(out / "screens", file_start);
  std::printf("mksagent sweep --concurrency %d: %s (exit %d)\n", options.concurrency,
              summary.dump().c_str(), sweep.exit_code);
  std::printf("  wall to the last PNG %8.2f s  (process %.2f s)  %7.1f consoles/s\n", to_last_png,
              sweep.wall_s, consoles / to_last_png);
  print_cpu("mksagent", sweep.cpu_s, consoles);
  print_cpu("webmks-sim", sim_cpu, consoles);
  print_cpu("vcsim", vc_cpu, consoles);
  std::printf("  peak RSS mksagent %8.1f MB\n", double(sweep.max_rss_kb) / 1024);

  // The same by one-shot commands: one login, ticket and logout per console.
  const int sample = std::min<int>(options.sample, consoles);
  fs::create_directories(options.out / "oneshot");
  Measured loop;
  const double sim_cpu1 = cpu_seconds_of(sim.pid());
  const double vc_cpu1 = cpu_seconds_of(vc.process->pid());
  int failed = 0;
  for (int i = 0; i < sample; ++i) {
    const std::string& vm = vc.vms[std::size_t(i)];
    const auto one = run_measured(
        program("mksagent"),
        {"screenshot", "vcenter://operator%40vsphere.local@" + vc.host_port + "/" + vm, "-o",
         (options.out / "oneshot" / (vm + ".png")).string(), "--insecure", "--timeout", "30"},
        options.out / "oneshot.err", std::chrono::seconds(60));
    failed += one.exit_code != 0;
    loop.wall_s += one.wall_s;
    loop.cpu_s += one.cpu_s;
    loop.max_rss_kb = std::max(loop.max_rss_kb, one.max_rss_kb);
  }
  const double scale = double(consoles) / sample;
  std::printf(
      "loop of one-shot mksagent screenshot vcenter://…: first %d VMs (%d failed), "
      "extrapolated x%.1f to %d\n",
      sample, failed, scale, consoles);
  std::printf("  wall %8.2f s for %d  -> ~%.1f s for the fleet  %7.1f consoles/s\n", loop.wall_s,
              sample, loop.wall_s * scale, sample / loop.wall_s);
  print_cpu("mksagent", loop.cpu_s * scale, consoles);
  print_cpu("webmks-sim", (cpu_seconds_of(sim.pid()) - sim_cpu1) * scale, consoles);
  print_cpu("vcsim", (cpu_seconds_of(vc.process->pid()) - vc_cpu1) * scale, consoles);
  std::printf("  peak RSS mksagent %8.1f MB (one console)\n", double(loop.max_rss_kb) / 1024);
  std::printf("sweep vs loop: %.1fx faster (wall)\n", loop.wall_s * scale / to_last_png);
}

// Opens one session on `url` and waits for its first full frame; the session is kept.
asio::awaitable<void> hold_session(std::string url,
                                   std::vector<std::shared_ptr<mks::session::Session>>& held,
                                   int& failed, Clock::time_point deadline) {
  try {
    const auto target = mks::transport::Url::parse(url);
    mks::session::SessionOptions options;
    auto session = co_await mks::session::Session::open(target, options);
    co_await session->wait_full_frame(deadline);
    held.push_back(std::move(session));
  } catch (const std::exception& error) {
    if (failed++ == 0) std::fprintf(stderr, "mks-bench-sweep: %s: %s\n", url.c_str(), error.what());
  }
}

void bench_held_sessions(int count, const fs::path& out) {
  const Simulator sim = start_simulator({"--fleet", "--no-tls"}, out / "webmks-sim-held.jsonl");
  const std::string base =
      "ws://127.0.0.1:" + std::to_string(sim.ready.at("port").get<int>()) + "/console/";
  asio::io_context io;
  std::vector<std::shared_ptr<mks::session::Session>> held;
  int failed = 0;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  const auto open_all = [&](int from, int to) {
    const std::size_t want = held.size() + std::size_t(to - from);
    for (int i = from; i < to; ++i) {
      asio::co_spawn(io, hold_session(base + "bench-" + std::to_string(i), held, failed, deadline),
                     asio::detached);
    }
    while (held.size() + std::size_t(failed) < want && Clock::now() < deadline)
      io.run_one_for(std::chrono::milliseconds(100));
  };
  open_all(0, 1);  // warm-up: allocator pools, TLS-free transport, first frame code paths
  const long before_kb = rss_kb_of_self();
  const std::size_t warm = held.size();
  const auto started = Clock::now();
  open_all(1, count + 1);
  const double opened_s = seconds_since(started);
  const long after_kb = rss_kb_of_self();
  const std::size_t opened = held.size() - warm;
  std::printf(
      "held sessions: %zu open at once (%d failed) in %.2f s; RSS %.1f -> %.1f MB: "
      "%.2f MB per held session (a 720x400 frame is 1.1 MB)\n",
      opened, failed, opened_s, double(before_kb) / 1024, double(after_kb) / 1024,
      opened ? double(after_kb - before_kb) / 1024 / double(opened) : 0.0);
  io.stop();
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--vms")
      options.vms = std::stoi(value);
    else if (flag == "--concurrency")
      options.concurrency = std::stoi(value);
    else if (flag == "--sample")
      options.sample = std::max(1, std::stoi(value));
    else if (flag == "--sessions")
      options.sessions = std::stoi(value);
    else if (flag == "--only")
      options.only = value;
    else if (flag == "--out")
      options.out = value;
    else
      throw std::invalid_argument("unknown flag " + flag);
  }
  if (options.out.empty()) {
    options.out = fs::temp_directory_path() / ("mks-bench-sweep-" + std::to_string(getpid()));
  }
  fs::remove_all(options.out);
  fs::create_directories(options.out);
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    for (const char* name : {"mksagent", "webmks-sim", "vcsim-ticket"}) {
      if (options.only != "sessions" || name == std::string("webmks-sim")) program(name);
    }
    std::printf("mks-bench-sweep: outputs in %s\n", options.out.c_str());
    if (options.only != "sessions") bench_sweep(options);
    if (options.only != "sweep") bench_held_sessions(options.sessions, options.out);
    return 0;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr,
                 "mks-bench-sweep: %s\nusage: mks-bench-sweep [--vms N] [--concurrency N] "
                 "[--sample N] [--sessions N] [--only sweep|sessions] [--out DIR]\n",
                 error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mks-bench-sweep: %s\n", error.what());
    return 1;
  }
}
