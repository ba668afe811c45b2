// mks-bench-typing: how fast Session::type can type into webmks-sim without losing keys.
// Starts `webmks-sim --no-tls` from the program's own directory, types 2,000 characters at
// key delays 0, 2, 5 and 10 ms, reads the console back through /api/text and prints, per
// delay, characters and key events per second and the characters lost or doubled.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "agent/session/session.h"
#include "agent/transport/connect.h"
#include "agent/transport/url.h"

// GCC 12 under ASan flags asio's coroutine frame delete as mismatched (a false positive).
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr int kLines = 40;  // typed in chunks that fit the 25-row console
constexpr int kLineLength = 50;
constexpr int kLinesPerChunk = 20;
constexpr std::string_view kPrompt = "sim$";  // then a space, dropped from an empty line

// webmks-sim as a child process; a thread reads its event lines and counts key events.
class Simulator {
 public:
  explicit Simulator(const std::filesystem::path& program) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      execl(program.c_str(), program.c_str(), "--no-tls", "--tickets", "8", nullptr);
      _exit(127);
    }
    close(out[1]);
    std::promise<std::string> ready;
    auto ready_line = ready.get_future();
    reader_ = std::thread([this, fd = out[0], ready = std::move(ready)]() mutable {
      FILE* in = fdopen(fd, "r");
      char* line = nullptr;
      std::size_t size = 0;
      bool first = true;
      while (getline(&line, &size, in) > 0) {
        if (first) {
          ready.set_value(line);
          first = false;
        } else if (std::string_view(line).find("\"event\":\"key\"") != std::string_view::npos) {
          last_key_ns_ = Clock::now().time_since_epoch().count();
          ++key_events_;
        }
      }
      if (first) ready.set_value("");
      std::free(line);
      std::fclose(in);
    });
    if (ready_line.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      throw std::runtime_error("webmks-sim did not start");
    }
    const std::string text = ready_line.get();
    if (text.empty()) throw std::runtime_error("webmks-sim ended before its ready line");
    ready_ = nlohmann::json::parse(text);
  }
  ~Simulator() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    reader_.join();
  }

  std::string ticket_url(std::size_t i) const { return ready_.at("tickets").at(i); }
  std::string api() const { return ready_.at("api"); }
  long key_events() const { return key_events_; }
  Clock::time_point last_key() const {
    return Clock::time_point(Clock::duration(last_key_ns_.load()));
  }

 private:
  pid_t pid_ = -1;
  std::thread reader_;
  nlohmann::json ready_;
  std::atomic<long> key_events_{0};
  std::atomic<Clock::rep> last_key_ns_{0};
};

// GET http://127.0.0.1:PORT/api/text → its "lines".
std::vector<std::string> screen_lines(const std::string& api) {
  const auto host_start = api.find("//") + 2;
  const auto colon = api.find(':', host_start);
  const auto path_start = api.find('/', colon);
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  boost::beast::tcp_stream stream(io);
  stream.connect(resolver.resolve(api.substr(host_start, colon - host_start),
                                  api.substr(colon + 1, path_start - colon - 1)));
  http::request<http::empty_body> request(http::verb::get, api.substr(path_start) + "/text", 11);
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return nlohmann::json::parse(response.body()).at("lines").get<std::vector<std::string>>();
}

std::size_t common_subsequence(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1, 0);
  for (char ca : a) {
    std::size_t diagonal = 0;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = ca == b[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.size()];
}

struct Damage {
  std::size_t lost = 0;
  std::size_t doubled = 0;  // extra characters: repeats or strays
  std::string first_mismatch;
};

// Compares the typed lines with the lines above the final prompt.
Damage compare(const std::vector<std::string>& typed, const std::vector<std::string>& screen) {
  Damage damage;
  auto last = std::find_if(screen.rbegin(), screen.rend(),
                           [](const std::string& l) { return l.rfind(kPrompt, 0) == 0; });
  const auto prompt_row = static_cast<std::ptrdiff_t>(screen.rend() - last) - 1;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    const std::ptrdiff_t row = prompt_row - static_cast<std::ptrdiff_t>(typed.size() - i);
    std::string got = row >= 0 ? screen[static_cast<std::size_t>(row)] : std::string();
    if (got.rfind(kPrompt, 0) == 0) got.erase(0, kPrompt.size() + 1);
    while (!got.empty() && got.back() == ' ') got.erase(got.size() - 1);
    const std::size_t same = common_subsequence(typed[i], got);
    damage.lost += typed[i].size() - same;
    damage.doubled += got.size() - same;
    if (same != typed[i].size() && damage.first_mismatch.empty()) {
      damage.first_mismatch = "typed \"" + typed[i] + "\", screen \"" + got + "\"";
    }
  }
  return damage;
}

std::vector<std::string> make_lines() {
  std::mt19937 random(3);
  std::uniform_int_distribution<int> printable(0x21, 0x7E);
  std::vector<std::string> lines;
  for (int i = 0; i < kLines; ++i) {
    std::string line;
    for (int j = 0; j < kLineLength; ++j) {
      // A space now and then, never at the end (the screen text drops trailing blanks).
      line.push_back(j % 9 == 4 && j + 1 < kLineLength ? ' '
                                                       : static_cast<char>(printable(random)));
    }
    lines.push_back(line);
  }
  return lines;
}

// Waits until the simulator saw `target` key events in all or none came for a second; the
// time the last one arrived. Waits on a timer: the session's loop shares this thread.
asio::awaitable<Clock::time_point> wait_for_keys(const Simulator& sim, long target) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto last_count = sim.key_events();
  auto last_change = Clock::now();
  while (sim.key_events() < target && Clock::now() - last_change < std::chrono::seconds(1)) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(asio::use_awaitable);
    if (sim.key_events() != last_count) {
      last_count = sim.key_events();
      last_change = Clock::now();
    }
  }
  co_return sim.last_key();
}

void add(Damage& total, const Damage& more) {
  total.lost += more.lost;
  total.doubled += more.doubled;
  if (total.first_mismatch.empty()) total.first_mismatch = more.first_mismatch;
}

struct Result {
  double seconds = 0;
  std::size_t characters = 0;
  long key_events = 0;
  Damage damage;
};

asio::awaitable<Result> run_delay(Simulator& sim, std::size_t ticket,
                                  std::chrono::milliseconds delay,
                                  const std::vector<std::string>& lines) {
  const auto& layout = mks::input::KeyboardLayout::by_name("us");
  mks::session::SessionOptions options;
  options.key_delay = delay;
  const auto url = mks::transport::Url::parse(sim.ticket_url(ticket));
  auto stream = co_await mks::transport::connect(url, options.connect);
  auto session = co_await mks::session::Session::open(std::move(stream), options);
  // As mksagent does: type once the console is on screen.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  co_await session->wait_full_frame(deadline);
  Result result;
  const long events_before = sim.key_events();
  Clock::duration busy{0};
  for (int chunk = 0; chunk < kLines / kLinesPerChunk; ++chunk) {
    std::vector<std::string> typed(lines.begin() + chunk * kLinesPerChunk,
                                   lines.begin() + (chunk + 1) * kLinesPerChunk);
    std::u32string text;
    long events = 0;
    for (const auto& line : typed) {
      for (char c : line) {
        text.push_back(static_cast<char32_t>(c));
        events += layout.require_stroke(static_cast<char32_t>(c)).shift ? 4 : 2;
      }
      text.push_back(U'\n');
      events += 2;
    }
    result.characters += text.size();
    const long target = sim.key_events() + events;
    const auto chunk_start = Clock::now();
    co_await session->type(text, layout);
    // The simulator prints an event line per key: wait for all of them (or a silence).
    const auto last_key = co_await wait_for_keys(sim, target);
    busy += std::max(last_key, chunk_start) - chunk_start;
    asio::steady_timer settle(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
    co_await settle.async_wait(asio::use_awaitable);  // the console catches up
    const auto damage = compare(typed, screen_lines(sim.api()));
    add(result.damage, damage);
  }
  result.seconds = std::chrono::duration<double>(busy).count();
  result.key_events = sim.key_events() - events_before;
  co_await session->close();
  co_return result;
}

}  // namespace

int main() {
  try {
    const auto bin = std::filesystem::canonical("/proc/self/exe").parent_path();
    Simulator sim(bin / "webmks-sim");
    const auto lines = make_lines();
    std::printf("typing %d lines of %d characters (+ Enter) through \"us\" into webmks-sim\n",
                kLines, kLineLength);
    std::printf("%-9s %10s %12s %12s %6s %8s\n", "delay", "chars", "chars/s", "events/s", "lost",
                "doubled");
    std::size_t ticket = 0;
    for (int delay_ms : {0, 2, 5, 10}) {
      asio::io_context io;
      std::future<Result> done =
          asio::co_spawn(io, run_delay(sim, ticket++, std::chrono::milliseconds(delay_ms), lines),
                         asio::use_future);
      io.run();
      const Result r = done.get();
      std::printf("%-9s %10zu %12.0f %12.0f %6zu %8zu\n",
                  (std::to_string(delay_ms) + " ms").c_str(), r.characters,
                  static_cast<double>(r.characters) / r.seconds,
                  static_cast<double>(r.key_events) / r.seconds, r.damage.lost, r.damage.doubled);
      if (!r.damage.first_mismatch.empty()) {
        std::printf("          first difference: %s\n", r.damage.first_mismatch.c_str());
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mks-bench-typing: %s\n", e.what());
    return 1;
  }
}
