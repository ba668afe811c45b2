#include "scripting/runtime.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <lua.hpp>
#include <sstream>

namespace mks::scripting {
namespace {

std::string error_text(lua_State* L) {
  std::size_t size = 0;
  const char* text = luaL_tolstring(L, -1, &size);
  std::string message(text, size);
  lua_pop(L, 2);  // the value and its string form
  return message;
}

}  // namespace

Runtime::Runtime() : lua_(luaL_newstate()) {
  if (lua_ == nullptr) throw std::bad_alloc();
  Runtime* self = this;
  std::memcpy(lua_getextraspace(lua_), &self, sizeof self);  // threads inherit it
  luaL_openlibs(lua_);
}

Runtime::~Runtime() {
  lua_close(lua_);
}

Runtime& Runtime::of(lua_State* L) {
  Runtime* runtime = nullptr;
  std::memcpy(&runtime, lua_getextraspace(L), sizeof runtime);
  return *runtime;
}

std::string Runtime::where(lua_State* L) {
  luaL_where(L, 1);
  std::string here = lua_tostring(L, -1);
  lua_pop(L, 1);
  if (!here.empty() && here.back() == ' ') here.pop_back();
  return here;
}

std::string Runtime::read_runbook(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RunbookError("cannot read runbook " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Runtime::check_syntax(const std::filesystem::path& path) {
  const std::string source = read_runbook(path);
  const std::string chunk_name = "@" + path.filename().string();
  lua_State* L = luaL_newstate();
  const int status = luaL_loadbufferx(L, source.data(), source.size(), chunk_name.c_str(), "t");
  std::string message = status == LUA_OK ? "" : error_text(L);
  lua_close(L);
  if (status != LUA_OK) throw RunbookError(message);
}

// Errors name the runbook by its file name ("demo.lua:12:"), as operators know it.
boost::asio::awaitable<void> Runtime::run(std::filesystem::path path) {
  co_await run_source(read_runbook(path), path.filename().string());
}

boost::asio::awaitable<void> Runtime::run_source(std::string source, std::string name) {
  lua_State* thread = lua_newthread(lua_);
  const std::string chunk_name = "@" + name;
  if (luaL_loadbufferx(thread, source.data(), source.size(), chunk_name.c_str(), "t") != LUA_OK) {
    std::string message = error_text(thread);
    lua_pop(lua_, 1);
    throw RunbookError(message);
  }
  co_await resume_until_done(thread);
}

boost::asio::awaitable<void> Runtime::resume_until_done(lua_State* thread) {
  runbook_thread_ = thread;
  int arguments = 0;
  for (;;) {
    int results = 0;
    const int status = lua_resume(thread, lua_, arguments, &results);
    if (status == LUA_OK) break;
    if (status != LUA_YIELD) {
      std::string message = error_text(thread);
      lua_pop(lua_, 1);
      runbook_thread_ = nullptr;
      throw RunbookError(message);
    }
    lua_pop(thread, results);
    if (!pending_) {
      runbook_thread_ = nullptr;
      lua_pop(lua_, 1);
      throw RunbookError("coroutine.yield() called outside a coroutine");
    }
    Operation operation = std::move(*pending_);
    pending_.reset();
    try {
      arguments = co_await operation(thread);
    } catch (const std::exception& e) {
      failure_ = pending_where_ + " " + e.what();
      arguments = 0;
    }
    results_ = arguments;
  }
  runbook_thread_ = nullptr;
  lua_pop(lua_, 1);  // the thread
}

int Runtime::call(lua_State* L, ApiFunction f) {
  try {
    ApiResult result = f(L);
    if (!result.operation) return result.results;
    Runtime& runtime = of(L);
    if (L != runtime.runbook_thread_) {
      throw std::logic_error("calls that wait cannot run inside a Lua coroutine");
    }
    runtime.pending_where_ = where(L);
    runtime.pending_ = std::move(result.operation);
    runtime.failure_.reset();
    return kSuspend;
  } catch (const std::exception& e) {
    const std::string message = where(L) + " " + e.what();
    lua_pushlstring(L, message.data(), message.size());
    return kRaise;
  }
}

void Runtime::set_globals(lua_State* L, const luaL_Reg* functions) {
  lua_pushglobaltable(L);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

int Runtime::raise(lua_State* L) {
  return lua_error(L);
}

int Runtime::yield(lua_State* L) {
  return lua_yieldk(L, 0, 0, &Runtime::continue_after);
}

int Runtime::continue_after(lua_State* L, int, std::intptr_t) {
  if (push_failure(L)) return lua_error(L);
  return of(L).results_;
}

bool Runtime::push_failure(lua_State* L) {
  Runtime& runtime = of(L);
  if (!runtime.failure_) return false;
  lua_pushlstring(L, runtime.failure_->data(), runtime.failure_->size());
  runtime.failure_.reset();
  return true;
}

}  // namespace mks::scripting
