#include "agent/fleet/sweep.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>

#include "agent/fleet/bounded.h"
#include "agent/fleet/screen_analysis.h"
#include "agent/transport/url.h"

namespace mks::fleet {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

long ms_since(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

std::string error_line(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return transport::redact_tickets(e.what());
  } catch (...) {
    return "unknown error";
  }
}

// Runs on an analysis thread; parameters by value, as it outlives nothing of the caller.
asio::awaitable<Classification> analyse_on_pool(codecs::Image frame, const StateRules* rules,
                                                fs::path screenshot) {
  co_return analyse_screen(frame, *rules, screenshot);
}

ConsoleResult result_for(const SweepTarget& target) {
  ConsoleResult result;
  result.name = target.name;
  result.moref = target.moref;
  result.host = target.host;
  result.target = target.target;
  return result;
}

// Two consoles whose names differ only in characters a file name cannot hold get "-2"...
std::vector<std::string> unique_screenshot_names(const std::vector<SweepTarget>& targets) {
  std::set<std::string> taken;
  std::vector<std::string> names;
  for (const auto& target : targets) {
    std::string name = screenshot_name(target.name);
    for (int n = 2; !taken.insert(name).second; ++n) {
      name = screenshot_name(target.name, "-" + std::to_string(n));
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

int default_analysis_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string screenshot_name(const std::string& name, const std::string& suffix) {
  std::string safe;
  for (unsigned char c : name) {
    const bool plain = std::isalnum(c) || c == '-' || c == '_' || c == '.';
    safe += plain ? static_cast<char>(c) : '_';
  }
  if (safe.empty() || safe.front() == '.') safe.insert(0, "_");
  if (safe.size() > 120) safe.resize(120);
  return "screens/" + safe + suffix + ".png";
}

Sweep::Sweep(asio::any_io_executor executor, const StateRules& rules, SweepOptions options)
    : executor_(std::move(executor)),
      rules_(rules),
      options_(std::move(options)),
      analysis_(static_cast<std::size_t>(std::max(1, options_.analysis_threads))) {}

Sweep::~Sweep() {
  analysis_.join();
}

asio::awaitable<ConsoleResult> Sweep::look_at(const SweepTarget& target, std::string screenshot) {
  ConsoleResult result = result_for(target);
  const auto started = Clock::now();
  try {
    const Probe probe = co_await probe_console(target.address, options_.probe);
    result.connect_ms = probe.connect_ms;
    result.frame_ms = probe.frame_ms;
    result.width = probe.frame.width();
    result.height = probe.frame.height();
    result.screenshot = std::move(screenshot);
    const fs::path file = options_.out_dir / result.screenshot;
    const Classification found = co_await asio::co_spawn(
        analysis_, analyse_on_pool(std::move(probe.frame), &rules_, file), asio::use_awaitable);
    result.state = found.state;
    result.severity = found.severity;
    result.rule = found.rule;
    result.excerpt = found.excerpt;
    result.ocr = found.ocr;
  } catch (...) {
    result.error = error_line(std::current_exception());
    result.screenshot.clear();
  }
  result.total_ms = ms_since(started);
  co_return result;
}

asio::awaitable<void> Sweep::look_at_index(const SweepTarget& target, std::string screenshot,
                                           ConsoleResult& result, const Listener& on_result) {
  if (stopping_) {
    result = result_for(target);
    result.error = "not looked at: the sweep was stopped before this console";
  } else {
    result = co_await look_at(target, std::move(screenshot));
  }
  if (on_result) on_result(result);
}

asio::awaitable<std::vector<ConsoleResult>> Sweep::run(std::vector<SweepTarget> targets,
                                                       Listener on_result) {
  fs::create_directories(options_.out_dir / "screens");
  std::vector<ConsoleResult> results(targets.size());
  std::vector<std::string> screenshots = unique_screenshot_names(targets);
  const BoundedTask task = [&](std::size_t i) {
    return look_at_index(targets[i], std::move(screenshots[i]), results[i], on_result);
  };
  co_await for_each_bounded(executor_, targets.size(), options_.concurrency, task);
  co_return results;
}

}  // namespace mks::fleet
