#include "scripting/api_context.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <lua.hpp>
#include <stdexcept>

namespace mks::scripting {
namespace {

constexpr const char* kContextKey = "mksagent.context";
constexpr const char* kConsoleType = "mksagent.console";

using ConsoleBox = std::shared_ptr<Console>;

int console_gc(lua_State* L) {
  static_cast<ConsoleBox*>(lua_touserdata(L, 1))->~ConsoleBox();
  return 0;
}

int console_tostring(lua_State* L) {
  const auto& console = *static_cast<ConsoleBox*>(lua_touserdata(L, 1));
  lua_pushfstring(L, "console %s", console->name.c_str());
  return 1;
}

ConsoleBox* console_at(lua_State* L, int index) {
  return static_cast<ConsoleBox*>(luaL_testudata(L, index, kConsoleType));
}

}  // namespace

// Not inside a coroutine: GCC 12 misreports a lambda made in one (-Wmismatched-new-delete).
void report_reconnects(session::Session& session, Progress& progress) {
  session.on_reconnect(
      [&progress](const std::string& what) { progress.step("", what, "reconnect"); });
}

ApiContext::ApiContext(boost::asio::any_io_executor executor, RunbookOptions options,
                       std::ostream* log)
    : executor(std::move(executor)), options(std::move(options)), progress(log, secrets) {}

ApiContext& ApiContext::of(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kContextKey);
  auto* context = static_cast<ApiContext*>(lua_touserdata(L, -1));
  lua_pop(L, 1);
  return *context;
}

void ApiContext::install(lua_State* L) {
  lua_pushlightuserdata(L, this);
  lua_setfield(L, LUA_REGISTRYINDEX, kContextKey);
  luaL_newmetatable(L, kConsoleType);
  lua_pushcfunction(L, console_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, console_tostring);
  lua_setfield(L, -2, "__tostring");
  // Methods: the global API functions, found through _G (console:type("x") == type(console, "x")).
  lua_pushglobaltable(L);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

Console& ApiContext::console_for(lua_State* L, int& first) {
  if (auto* box = console_at(L, first)) {
    ++first;
    return **box;
  }
  if (consoles.empty()) {
    throw std::runtime_error("no console: give mksagent run --target URL, or call connect(url)");
  }
  return *consoles.front();
}

bool ApiContext::adopt(std::shared_ptr<Console> console) {
  consoles.push_back(console);  // from here a stop or the run's end closes it
  if (!stopped() || !console->session) return true;
  boost::asio::co_spawn(executor, console->session->close(), boost::asio::detached);
  return false;
}

std::filesystem::path ApiContext::output_path(const std::string& name) const {
  const std::filesystem::path path(name);
  return path.is_absolute() ? path : options.out_dir / path;
}

std::filesystem::path ApiContext::input_path(const std::string& name) const {
  const std::filesystem::path path(name);
  return path.is_absolute() ? path : options.base_dir / path;
}

void push_console(lua_State* L, std::shared_ptr<Console> console) {
  void* memory = lua_newuserdatauv(L, sizeof(ConsoleBox), 0);
  new (memory) ConsoleBox(std::move(console));
  luaL_setmetatable(L, kConsoleType);
}

}  // namespace mks::scripting
