#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "agent/fleet/console_probe.h"
#include "agent/fleet/state_rules.h"
#include "agent/fleet/sweep_result.h"

namespace mks::fleet {

int default_analysis_threads();  // the cores this machine has (at least 1)

// One console to look at.
struct SweepTarget {
  std::string name;    // VM name, or the target line of a targets file
  std::string moref;   // "" outside vCenter
  std::string host;    // ESXi host, if known
  std::string target;  // for people and logs: the ticket redacted
  AddressSource address;
};

struct SweepOptions {
  int concurrency = 64;  // consoles connected at once
  ProbeOptions probe;
  std::filesystem::path out_dir;  // screenshots go to out_dir/screens/
  // PNG, text reading, tesseract (most of a second per graphical screen): one per core, so
  // OCR does not hold up the screenshots of the consoles behind it.
  int analysis_threads = default_analysis_threads();
};

// Looks at many consoles at once on one io_context: at most `concurrency` connections open,
// each connect → first full frame → close, then the screen is read, classified and written
// on the analysis threads while the next console connects. One console's failure is its
// result, never the sweep's end. Memory is bounded by `concurrency`, not by the target count.
class Sweep {
 public:
  using Listener = std::function<void(const ConsoleResult&)>;

  Sweep(boost::asio::any_io_executor executor, const StateRules& rules, SweepOptions options);
  ~Sweep();
  Sweep(const Sweep&) = delete;
  Sweep& operator=(const Sweep&) = delete;

  // Every target's result (in target order), each also given to `on_result` as it is done.
  boost::asio::awaitable<std::vector<ConsoleResult>> run(std::vector<SweepTarget> targets,
                                                         Listener on_result);
  // Starts no more consoles; those under way finish (bounded by the probe timeout) and the
  // rest are reported as not reached ("stopped before …").
  void stop() { stopping_ = true; }
  bool stopped() const { return stopping_; }

  // One look at one console, its screen written to out_dir/`screenshot` (a fix's re-sweep).
  boost::asio::awaitable<ConsoleResult> look_at(const SweepTarget& target, std::string screenshot);

 private:
  boost::asio::awaitable<void> look_at_index(const SweepTarget& target, std::string screenshot,
                                             ConsoleResult& result, const Listener& on_result);

  boost::asio::any_io_executor executor_;
  const StateRules& rules_;
  SweepOptions options_;
  boost::asio::thread_pool analysis_;
  bool stopping_ = false;
};

// "screens/NAME.png" with NAME made safe for a file name; `suffix` before ".png" (".after").
std::string screenshot_name(const std::string& name, const std::string& suffix = "");

}  // namespace mks::fleet
