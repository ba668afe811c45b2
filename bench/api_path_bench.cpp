// mks-bench-api-path: the vSphere API console path against the project's peers — a
// webmks-sim console (echo prompt) behind the project's vcsim. Printed, never asserted:
// screenshot latency by GET /screen and by CreateScreenshot_Task (+ /folder + delete), keys
// per second through PutUsbScanCodes at --key-interval (and how many arrived), and the time
// from a keystroke to the session seeing the screen change.
//
//   mks-bench-api-path [--shots 20] [--keys 70] [--key-interval 0] [--reactions 10]
// The programs are taken from the folder of this one (build/<preset>/bin).

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "agent/input/keyboard_layout.h"
#include "agent/session/session.h"
#include "agent/vsphere/api_console_backend.h"
#include "tests/support/child_process.h"
#include "tests/support/free_port.h"

namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using mks::test::ChildProcess;

struct Options {
  int shots = 20;
  int keys = 70;
  int key_interval_ms = 0;
  int reactions = 10;
};

std::string program(const std::string& name) {
  return (fs::read_symlink("/proc/self/exe").parent_path() / name).string();
}

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

void print_spread(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-34s median %7.1f ms  p90 %7.1f ms  (n=%zu)\n", what, ms[ms.size() / 2],
              ms[ms.size() * 9 / 10], ms.size());
}

// The prompt line of the echo console, from webmks-sim's own API.
asio::awaitable<std::string> prompt_line(mks::vsphere::HttpClient& sim) {
  const auto reply = co_await sim.send("GET", "/api/text", "");
  const auto text = nlohmann::json::parse(reply.body);
  co_return text["lines"][text["cursor"]["row"].get<int>()].get<std::string>();
}

asio::awaitable<void> measure(const Options& o, std::string vcenter_url, std::string sim_url) {
  using namespace mks::vsphere;
  const auto executor = co_await asio::this_coro::executor;
  VcenterLogin login;
  login.endpoint = VcenterEndpoint::parse(vcenter_url);
  login.user = "bench";
  login.password = "bench-pass";
  login.tls.insecure = true;
  auto vcenter = co_await VcenterSession::open(executor, login);
  const auto vm_name = VmSelector::parse("DC0_H0_VM0");
  auto api = co_await VmConsoleApi::open(vcenter, vm_name);

  std::vector<double> screen_ms, task_ms;
  for (int i = 0; i < o.shots; ++i) {
    std::string why;
    const auto t0 = Clock::now();
    const auto png = co_await api->screen_endpoint_png(why);
    if (!png) throw std::runtime_error("/screen: " + why);
    screen_ms.push_back(ms_between(t0, Clock::now()));
    const auto t1 = Clock::now();
    co_await api->screenshot_task_png(Clock::now() + std::chrono::seconds(30));
    task_ms.push_back(ms_between(t1, Clock::now()));
  }
  print_spread("screenshot by GET /screen", screen_ms);
  print_spread("screenshot by CreateScreenshot_Task", task_ms);

  ApiConsoleOptions api_options;
  api_options.key_interval = std::chrono::milliseconds(o.key_interval_ms);
  auto backend = std::make_unique<ApiConsoleBackend>(executor, std::move(api), api_options);
  mks::session::SessionOptions session_options;
  session_options.key_delay = std::chrono::milliseconds(0);
  auto session = co_await mks::session::Session::open(std::move(backend), session_options);
  co_await session->wait_full_frame(Clock::now() + std::chrono::seconds(10));

  HttpClient sim(executor, VcenterEndpoint::parse(sim_url), {}, std::chrono::seconds(10));
  std::u32string text;
  for (int i = 0; i < o.keys; ++i) text += static_cast<char32_t>(U'a' + i % 26);
  const auto& us = mks::input::KeyboardLayout::by_name("us");
  const auto t0 = Clock::now();
  co_await session->type(text, us);
  const double seconds = ms_between(t0, Clock::now()) / 1000;
  co_await session->settle(std::chrono::milliseconds(300), Clock::now() + std::chrono::seconds(2));
  const std::string line = co_await prompt_line(sim);
  const std::size_t arrived = line.size() > 5 ? line.size() - 5 : 0;  // after "sim$ "
  std::printf("%-34s %7.1f keys/s at --key-interval %d (%zu of %d arrived)\n",
              "typing by PutUsbScanCodes", o.keys / seconds, o.key_interval_ms, arrived, o.keys);
  co_await session->key("enter");

  std::vector<double> reaction_ms;
  for (int i = 0; i < o.reactions; ++i) {
    co_await session->settle(std::chrono::milliseconds(2500),
                             Clock::now() + std::chrono::seconds(5));
    auto watch = session->watch_changes();
    watch->take(session->screen());
    const auto t1 = Clock::now();
    co_await session->type(U"x", us);
    while (!watch->changed())
      co_await session->wait_update(Clock::now() + std::chrono::seconds(10));
    reaction_ms.push_back(ms_between(t1, Clock::now()));
  }
  print_spread("key to the change seen (screen still)", reaction_ms);
  co_await session->close();
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--shots")
      o.shots = std::max(value, 1);
    else if (flag == "--keys")
      o.keys = std::clamp(value, 1, 70);
    else if (flag == "--key-interval")
      o.key_interval_ms = std::max(value, 0);
    else if (flag == "--reactions")
      o.reactions = std::max(value, 1);
    else
      throw std::invalid_argument("unknown option " + flag);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse(argc, argv);
    ChildProcess sim(program("webmks-sim"), {"--port", "0", "--no-tls"});
    const auto ready = nlohmann::json::parse(sim.read_line(std::chrono::seconds(20)).value());
    const std::string sim_url = "http://127.0.0.1:" + std::to_string(ready.at("port").get<int>());
    const std::string listen = "127.0.0.1:" + std::to_string(mks::test::free_loopback_port());
    ChildProcess vcsim(program("vcsim-ticket"), {"-listen", listen, "-user", "bench", "-pass",
                                                 "bench-pass", "-console", sim_url});
    while (auto line = vcsim.read_line(std::chrono::seconds(60))) {
      if (line->starts_with("VCSIM_READY")) break;
    }
    std::printf("vcsim-ticket (-console) in front of webmks-sim --no-tls (echo), loopback\n");
    asio::io_context io;
    std::exception_ptr failure;
    asio::co_spawn(io, measure(options, "https://" + listen, sim_url),
                   [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mks-bench-api-path: %s\n", e.what());
    return 1;
  }
}
