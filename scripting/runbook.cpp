#include "scripting/runbook.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <lua.hpp>

#include "codecs/png.h"
#include "scripting/api.h"

namespace mks::scripting {

Runbook::Runbook(boost::asio::any_io_executor executor, RunbookOptions options, std::ostream* log)
    : context_(std::move(executor), std::move(options), log) {
  lua_State* L = runtime_.lua();
  // Our type() types text; Lua's own stays reachable as lua_type().
  lua_getglobal(L, "type");
  lua_setglobal(L, "lua_type");
  context_.install(L);
  register_input_api(L);
  register_screen_api(L);
  register_flow_api(L);
}

Runbook::~Runbook() = default;

void Runbook::add_console(std::shared_ptr<session::Session> session, std::string name) {
  auto console = std::make_shared<Console>();
  console->name = std::move(name);
  console->session = std::move(session);
  console->layout = &input::KeyboardLayout::by_name(context_.options.layout);
  context_.adopt(std::move(console));
}

// GCC 12 double-frees a lambda passed by value into a coroutine: one body per entry point.
boost::asio::awaitable<void> Runbook::run(std::filesystem::path path) {
  std::string failure;
  try {
    co_await runtime_.run(path);
    co_return;
  } catch (const RunbookError& e) {
    failure = context_.secrets.redact(e.what());
  }
  failed(failure);
}

boost::asio::awaitable<void> Runbook::run_source(std::string source, std::string name) {
  std::string failure;
  try {
    co_await runtime_.run_source(source, name);
    co_return;
  } catch (const RunbookError& e) {
    failure = context_.secrets.redact(e.what());
  }
  failed(failure);
}

void Runbook::failed(const std::string& message) {
  save_failure_screenshots();
  if (interrupted()) throw RunbookError(interruption() + " (" + message + ")");
  throw RunbookError(message);
}

void Runbook::interrupt(std::string why) {
  if (interrupted()) return;
  context_.interrupted = std::move(why);
  context_.progress.step("", interruption() + ": closing the consoles");
  for (const auto& console : context_.consoles) {
    if (console->session) {
      boost::asio::co_spawn(context_.executor, console->session->close(), boost::asio::detached);
    }
  }
}

void Runbook::save_failure_screenshots() {
  for (std::size_t i = 0; i < context_.consoles.size(); ++i) {
    const auto& console = *context_.consoles[i];
    if (!console.session || console.session->screen().width() == 0) continue;
    const std::string name =
        context_.consoles.size() == 1 ? "failure.png" : "failure-" + std::to_string(i + 1) + ".png";
    const auto path = context_.output_path(name);
    try {
      std::filesystem::create_directories(path.parent_path());
      codecs::write_png_file(console.session->screen(), path);
      failure_shots_.push_back(path);
      context_.progress.step("", "screen at failure: " + path.string(), "screenshot",
                             {{"file", name}, {"failure", true}});
    } catch (const std::exception& e) {
      context_.progress.step("", "could not save " + path.string() + ": " + e.what());
    }
  }
}

boost::asio::awaitable<void> Runbook::close() {
  for (const auto& console : context_.consoles) {
    if (console->session) co_await console->session->close();
  }
}

}  // namespace mks::scripting
