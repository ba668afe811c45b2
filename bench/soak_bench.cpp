// mks-bench-soak: sessions held for a long time, watched for leaks.
// --sessions webmks-sim processes (the echo machine over wss://, one each so every session has
// a console of its own) and, in this process, one session on each that types a line, waits
// until the line is on its screen, pauses --pause-ms and types the next, and now and then
// settles and takes a screenshot. A `mksagent record` child films the first console (a second
// ticket of the same machine) for the whole run. Every --sample seconds RSS, open descriptors
// and CPU time of this process (it holds the sessions), of the simulators and of the recorder
// are read from /proc. Printed at the end, with --json FILE beside: the figures at start,
// after the warm-up and at the end, RSS growth per hour after the warm-up, CPU, keystrokes
// sent and echoed, and ffprobe's view of the video. Exit 1 on a descriptor leak, a dead
// session or an incomplete video (and, when --max-growth-mb-per-hour is given, on more
// growth than that).
//
//   mks-bench-soak [--minutes 30 | --duration SECONDS] [--sessions 4] [--key-delay-ms 10]
//                  [--pause-ms 500] [--screenshot-every 30] [--sample 5] [--warmup SECONDS]
//                  [--fd-slack 4] [--max-growth-mb-per-hour MB] [--json FILE] [--out DIR]
// The programs are taken from the folder of this one (build/<preset>/bin).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "agent/screen/text_reader.h"
#include "agent/session/session.h"
#include "bench/soak_checks.h"
#include "bench/soak_probe.h"
#include "codecs/png.h"
#include "tests/support/child_process.h"

// GCC 12 under ASan flags asio's coroutine frame delete as mismatched (a false positive).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using mks::test::ChildProcess;

struct Options {
  double minutes = 30;
  int sessions = 4;
  int key_delay_ms = 10;
  int pause_ms = 500;
  double screenshot_every_s = 30;
  double sample_every_s = 5;
  double warmup_s = -1;  // -1: a tenth of the run
  int fd_slack = 4;
  double max_growth_mb_per_hour = 0;  // 0: reported, not judged
  fs::path json;
  fs::path out;
};

fs::path program(const std::string& name) {
  const fs::path path = fs::read_symlink("/proc/self/exe").parent_path() / name;
  if (!fs::exists(path)) {
    throw std::runtime_error(path.string() + " is missing (build it in this preset first)");
  }
  return path;
}

// A program whose stdout and stderr go to files: a simulator prints a line per key event,
// hours of which would fill a pipe nobody reads. `exec` keeps the pid the program's own.
std::unique_ptr<ChildProcess> start_logged(const fs::path& exe, std::vector<std::string> args,
                                           const fs::path& log) {
  args.insert(
      args.begin(),
      {"-c", "exec \"$0\" \"$@\" > \"" + log.string() + "\" 2> \"" + log.string() + ".err\"",
       exe.string()});
  return std::make_unique<ChildProcess>("/bin/sh", args);
}

struct Simulator {
  std::unique_ptr<ChildProcess> process;
  nlohmann::json ready;
  fs::path log;
};

Simulator start_simulator(int index, const fs::path& out) {
  const fs::path log = out / ("webmks-sim-" + std::to_string(index) + ".jsonl");
  Simulator sim{
      start_logged(program("webmks-sim"), {"--machine", "echo", "--tickets", "2"}, log), {}, log};
  for (const auto deadline = Clock::now() + std::chrono::seconds(20); Clock::now() < deadline;) {
    std::ifstream in(log);
    std::string line;
    if (std::getline(in, line) && in.good()) {
      sim.ready = nlohmann::json::parse(line);
      return sim;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("webmks-sim did not start; see " + log.string() + ".err");
}

// One held session and what it did.
struct Held {
  int index = 0;
  std::shared_ptr<mks::session::Session> session;
  mks::bench::TypingTally tally;
  std::string died;  // why its loop ended early
  bool done = false;
};

std::string make_line(int session, long number, std::mt19937& random) {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789-=ABCXYZ!?";
  std::uniform_int_distribution<std::size_t> pick(0, kChars.size() - 1);
  std::string line = "s" + std::to_string(session) + " n" + std::to_string(number) + " ";
  for (int i = 0; i < 32; ++i) line.push_back(kChars[pick(random)]);
  return line;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::use_awaitable);
}

// True when `line` shows on the session's screen within 5 s (read by console font).
asio::awaitable<bool> wait_echo(mks::session::Session& session, const std::string& line,
                                const mks::screen::FontTextReader& reader) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (Clock::now() < deadline) {
    if (session.screen_ready()) {
      const auto text = reader.read(session.screen());
      if (text && text->contains(line)) co_return true;
    }
    const auto next = std::min(deadline, Clock::now() + std::chrono::milliseconds(250));
    co_await session.wait_update(next);
  }
  co_return false;
}

asio::awaitable<void> screenshot(Held& held, const fs::path& out) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  co_await held.session->settle(std::chrono::milliseconds(200), deadline);
  const auto frame = co_await held.session->wait_full_frame(deadline);
  mks::codecs::write_png_file(frame, out / ("screen-" + std::to_string(held.index) + ".png"));
  ++held.tally.screenshots;
}

asio::awaitable<void> drive(Held& held, const Options& options, Clock::time_point end,
                            const mks::screen::FontTextReader& reader) {
  const auto& layout = mks::input::KeyboardLayout::by_name("us");
  std::mt19937 random(unsigned(held.index) + 1);
  const auto shot_every = std::chrono::milliseconds(long(options.screenshot_every_s * 1000));
  // Staggered, so the sessions' screenshots do not all fall on one moment.
  auto next_shot = Clock::now() + shot_every * (held.index + 1) / (options.sessions + 1);
  try {
    for (long number = 0; Clock::now() < end; ++number) {
      const std::string line = make_line(held.index, number, random);
      const std::u32string typed(line.begin(), line.end());
      co_await held.session->type(typed, layout);
      co_await held.session->key("enter");
      held.tally.add_sent(line.size() + 1);
      const bool echoed = co_await wait_echo(*held.session, line, reader);
      if (echoed) held.tally.add_echoed(line.size() + 1);
      if (Clock::now() >= next_shot) {
        co_await screenshot(held, options.out);
        next_shot += shot_every;
      }
      co_await sleep_for(std::chrono::milliseconds(options.pause_ms));
    }
  } catch (const std::exception& error) {
    held.died = error.what();
  }
  held.done = true;
}

asio::awaitable<void> open_held(Held& held, std::string url, std::string thumbprint,
                                const Options& options) {
  try {
    mks::session::SessionOptions session_options;
    session_options.key_delay = std::chrono::milliseconds(options.key_delay_ms);
    session_options.connect.tls.thumbprint = mks::transport::Thumbprint::parse(thumbprint);
    const auto target = mks::transport::Url::parse(url);
    held.session = co_await mks::session::Session::open(target, session_options);
    co_await held.session->wait_full_frame(Clock::now() + std::chrono::seconds(20));
  } catch (const std::exception& error) {
    held.died = std::string("open: ") + error.what();
  }
  held.done = true;
}

asio::awaitable<void> close_held(Held& held) {
  try {
    if (held.session && !held.session->ended()) co_await held.session->close();
  } catch (const std::exception& error) {
    if (held.died.empty()) held.died = std::string("close: ") + error.what();
  }
  held.done = true;
}

bool all_done(const std::vector<std::unique_ptr<Held>>& held) {
  for (const auto& h : held) {
    if (!h->done) return false;
  }
  return true;
}

// Samples every `every_s`; a progress line once a minute, so a long run shows it is alive.
asio::awaitable<void> sample_until(mks::bench::SoakWatch& watch, const bool& stop, double every_s) {
  const auto every = std::chrono::milliseconds(long(every_s * 1000));
  double next_progress_s = 60;
  while (!stop) {
    watch.sample();
    if (watch.now_s() >= next_progress_s) {
      watch.print_progress();
      next_progress_s += 60;
    }
    co_await sleep_for(every);
  }
}

// Runs the io_context until every held session's coroutine has finished (or `limit`).
void run_until_done(asio::io_context& io, std::vector<std::unique_ptr<Held>>& held,
                    Clock::time_point limit) {
  while (!all_done(held) && Clock::now() < limit) io.run_one_for(std::chrono::milliseconds(100));
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--minutes")
      o.minutes = std::stod(value);
    else if (flag == "--duration")  // seconds, as mksagent record's --duration
      o.minutes = std::stod(value) / 60;
    else if (flag == "--sessions")
      o.sessions = std::max(1, std::stoi(value));
    else if (flag == "--key-delay-ms")
      o.key_delay_ms = std::stoi(value);
    else if (flag == "--pause-ms")
      o.pause_ms = std::stoi(value);
    else if (flag == "--screenshot-every")
      o.screenshot_every_s = std::max(1.0, std::stod(value));
    else if (flag == "--sample")
      o.sample_every_s = std::max(0.5, std::stod(value));
    else if (flag == "--warmup")
      o.warmup_s = std::stod(value);
    else if (flag == "--fd-slack")
      o.fd_slack = std::stoi(value);
    else if (flag == "--max-growth-mb-per-hour")
      o.max_growth_mb_per_hour = std::stod(value);
    else if (flag == "--json")
      o.json = value;
    else if (flag == "--out")
      o.out = value;
    else
      throw std::invalid_argument("unknown flag " + flag);
  }
  if (o.minutes <= 0) throw std::invalid_argument("--minutes must be above 0");
  if (o.warmup_s < 0) o.warmup_s = o.minutes * 6;  // a tenth of the run
  if (o.out.empty())
    o.out = fs::temp_directory_path() / ("mks-bench-soak-" + std::to_string(getpid()));
  fs::remove_all(o.out);
  fs::create_directories(o.out);
  return o;
}

// Opens one session per simulator and waits for its first frame; throws if one fails.
std::vector<std::unique_ptr<Held>> open_sessions(asio::io_context& io,
                                                 const std::vector<Simulator>& sims,
                                                 const Options& options) {
  std::vector<std::unique_ptr<Held>> held;
  for (const auto& sim : sims) {
    held.push_back(std::make_unique<Held>());
    held.back()->index = int(held.size()) - 1;
    std::string url = sim.ready.at("tickets").at(0);
    std::string thumbprint = sim.ready.at("thumbprint_sha256");
    asio::co_spawn(io, open_held(*held.back(), std::move(url), std::move(thumbprint), options),
                   asio::detached);
  }
  run_until_done(io, held, Clock::now() + std::chrono::seconds(60));
  for (const auto& h : held) {
    if (!h->session)
      throw std::runtime_error("session " + std::to_string(h->index) + ": " + h->died);
    h->done = false;
  }
  return held;
}

// The end: every session must have lived through the run; then they are closed.
int close_sessions(asio::io_context& io, std::vector<std::unique_ptr<Held>>& held,
                   mks::bench::SoakVerdict& verdict) {
  int alive = 0;
  for (auto& h : held) {
    const bool ok = h->done && h->died.empty() && !h->session->ended();
    alive += ok;
    if (!ok) verdict.fail("session " + std::to_string(h->index) + " died: " + h->died);
    h->done = false;
    asio::co_spawn(io, close_held(*h), asio::detached);
  }
  run_until_done(io, held, Clock::now() + std::chrono::seconds(20));
  for (auto& h : held) h->session.reset();
  io.run_for(std::chrono::milliseconds(500));  // let the closed connections go
  return alive;
}

int soak(const Options& options) {
  const double run_s = options.minutes * 60;
  std::printf("mks-bench-soak: %d session(s) for %.1f min, outputs in %s\n", options.sessions,
              options.minutes, options.out.c_str());
  std::fflush(stdout);
  asio::io_context io;
  mks::bench::SoakReport report{options.sessions,
                                0,
                                run_s,
                                options.warmup_s,
                                options.fd_slack,
                                options.max_growth_mb_per_hour};
  // Before any session or child: what this process must come back to once they are gone.
  report.baseline = mks::bench::sample_process(0, 0).value();

  std::vector<Simulator> sims;
  for (int i = 0; i < options.sessions; ++i) sims.push_back(start_simulator(i, options.out));
  mks::bench::SoakWatch watch;
  for (const auto& sim : sims) watch.sim_pids.push_back(sim.process->pid());
  auto held = open_sessions(io, sims, options);

  const fs::path video = options.out / "soak.mp4";
  auto recorder =
      start_logged(program("mksagent"),
                   {"record", sims[0].ready.at("tickets").at(1), "-o", video.string(), "--duration",
                    std::to_string(run_s), "--thumbprint", sims[0].ready.at("thumbprint_sha256")},
                   options.out / "record.log");
  watch.recorder_pid = recorder->pid();
  watch.start = Clock::now();
  const auto end = watch.start + std::chrono::milliseconds(long(run_s * 1000));
  const auto reader = mks::screen::FontTextReader::with_default_fonts();
  bool stop_sampling = false;
  asio::co_spawn(io, sample_until(watch, stop_sampling, options.sample_every_s), asio::detached);
  for (auto& h : held) asio::co_spawn(io, drive(*h, options, end, reader), asio::detached);
  run_until_done(io, held, end + std::chrono::seconds(60));
  stop_sampling = true;
  watch.sample();  // the end, sessions still open

  mks::bench::SoakVerdict verdict;
  report.alive = close_sessions(io, held, verdict);
  for (const auto& h : held) report.typing.merge(h->tally);
  const auto recorder_exit = recorder->wait(std::chrono::seconds(120));
  recorder.reset();
  for (auto& sim : sims) {
    sim.process->terminate();
    sim.process.reset();
    report.keys_at_simulators += mks::bench::key_events_in(sim.log);
  }
  report.after_close = mks::bench::sample_process(0, watch.now_s()).value();
  report.fds_after_close = mks::bench::own_fd_targets();
  report.video = mks::bench::check_video(video, run_s, recorder_exit, options.out / "record.log");
  const auto json =
      mks::bench::judge_and_print(report, {&watch.agent, &watch.sims, &watch.recorder}, verdict);
  if (!options.json.empty()) std::ofstream(options.json) << json.dump(2) << "\n";
  return verdict.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return soak(parse(argc, argv));
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr,
                 "mks-bench-soak: %s\nusage: mks-bench-soak [--minutes 30 | --duration SECONDS] "
                 "[--sessions 4] "
                 "[--key-delay-ms 10] [--pause-ms 500] [--screenshot-every 30] [--sample 5] "
                 "[--warmup SECONDS] [--fd-slack 4] [--max-growth-mb-per-hour MB] [--json FILE] "
                 "[--out DIR]\n",
                 error.what());
    return 2;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mks-bench-soak: %s\n", error.what());
    return 1;
  }
}
