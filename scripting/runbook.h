#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "agent/session/session.h"
#include "scripting/api_context.h"
#include "scripting/runtime.h"

namespace mks::scripting {

// One runbook run: a Lua runtime with the API installed, the consoles it drives, and what
// is left behind when it fails (a screenshot of every console, beside the outputs).
class Runbook {
 public:
  // `log`: where progress lines go (null: nowhere).
  Runbook(boost::asio::any_io_executor executor, RunbookOptions options, std::ostream* log);
  ~Runbook();

  // A console the global calls (type, wait_text, ...) go to; the first one added is the
  // default. More come from connect() in the runbook.
  void add_console(std::shared_ptr<session::Session> session, std::string name);

  // Runs the file (or source) to its end. On failure: saves failure screenshots, then
  // throws RunbookError with one line "demo.lua:12: what failed (...)".
  boost::asio::awaitable<void> run(std::filesystem::path path);
  boost::asio::awaitable<void> run_source(std::string source, std::string name);
  // Releases held keys and closes every console.
  boost::asio::awaitable<void> close();
  // Stops a running runbook from outside (a signal): closes the consoles, so the call in
  // progress fails, and the failure line says `why` ("interrupted by SIGINT").
  void interrupt(std::string why);
  bool interrupted() const { return context_.stopped(); }
  // "interrupted by SIGINT"
  const std::string& interruption() const { return context_.interrupted; }

  // Told of each console the runbook's connect() opens, before its first frame.
  void on_console_opened(std::function<void(Console&)> listener) {
    context_.console_opened = std::move(listener);
  }

  const std::vector<std::filesystem::path>& failure_screenshots() const { return failure_shots_; }
  Progress& progress() { return context_.progress; }
  const RunbookOptions& options() const { return context_.options; }

 private:
  [[noreturn]] void failed(const std::string& message);
  void save_failure_screenshots();

  ApiContext context_;
  Runtime runtime_;
  std::vector<std::filesystem::path> failure_shots_;
};

}  // namespace mks::scripting
