#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agent/audit/secrets.h"
#include "agent/input/keyboard_layout.h"
#include "agent/session/session.h"
#include "scripting/progress.h"
#include "scripting/screen_reader.h"

struct lua_State;

namespace mks::scripting {

struct RunbookOptions {
  std::filesystem::path out_dir = ".";      // screenshots, the failure screenshot
  std::filesystem::path base_dir = ".";     // the runbook's folder: needles are found there
  std::map<std::string, std::string> vars;  // --var k=v, read with var()
  std::string layout = "us";
  session::SessionOptions session;                // for connect(), and the key pace
  std::chrono::milliseconds wait_timeout{30000};  // waits without an explicit timeout
};

// One console a runbook drives: its session, keyboard layout and screen reader.
struct Console {
  std::string name;
  std::shared_ptr<session::Session> session;
  const input::KeyboardLayout* layout = nullptr;
  std::unique_ptr<ScreenReader> reader = std::make_unique<ScreenReader>();
};

// What the API functions of one runbook share; reachable from any lua_State of it.
struct ApiContext {
  ApiContext(boost::asio::any_io_executor executor, RunbookOptions options, std::ostream* log);

  static ApiContext& of(lua_State* L);
  void install(lua_State* L);

  // The console a call is for: a console object given as first argument (method call,
  // `first` moves past it), else the first console. Throws when there is none.
  Console& console_for(lua_State* L, int& first);
  // Adds a console to the run. One opened while the run was being stopped (the stop came
  // during its connect) is closed at once: false then.
  bool adopt(std::shared_ptr<Console> console);
  bool stopped() const { return !interrupted.empty(); }
  std::filesystem::path output_path(const std::string& name) const;
  std::filesystem::path input_path(const std::string& name) const;

  boost::asio::any_io_executor executor;
  RunbookOptions options;
  audit::Secrets secrets;
  Progress progress;
  std::vector<std::shared_ptr<Console>> consoles;
  int screenshots = 0;  // numbers unnamed screenshots
  // Told of every console connect() opens, before its first frame (a recorder hooks in).
  std::function<void(Console&)> console_opened;
  // Set when the runbook is stopped from outside ("interrupted by SIGTERM"): calls that do
  // not wait on a console (sleep, connect) end on it too.
  std::string interrupted;
};

// A reconnect's gap shows as "reconnect" steps of the runbook (progress, event log, captions).
void report_reconnects(session::Session& session, Progress& progress);

// The Lua side of a Console: a userdata holding a shared_ptr<Console>.
void push_console(lua_State* L, std::shared_ptr<Console> console);

}  // namespace mks::scripting
