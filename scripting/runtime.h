#pragma once

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

struct lua_State;
struct luaL_Reg;

namespace mks::scripting {

// A runbook failed: a Lua error, a failed wait, fail(). One line, "file:line: what".
class RunbookError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One Lua state running one runbook as a Lua coroutine on the caller's io_context. API
// functions that wait (type, wait_text, sleep, ...) suspend the runbook with suspend():
// the coroutine yields, run() awaits the operation, then resumes the runbook with its
// results — so many runbooks share one thread and none blocks another.
class Runtime {
 public:
  // The work of one suspending call: pushes its results on `L`, returns how many.
  using Operation = std::function<boost::asio::awaitable<int>(lua_State* L)>;

  Runtime();
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  lua_State* lua() const { return lua_; }
  static Runtime& of(lua_State* L);

  // Compiles `path` without running it: RunbookError "demo.lua:3: ..." for a syntax error.
  static void check_syntax(const std::filesystem::path& path);
  // Loads `path` (errors name it by file name: "demo.lua:12:") and runs it to its end.
  // Throws RunbookError with the one-line message when it fails.
  boost::asio::awaitable<void> run(std::filesystem::path path);
  // The same for runbook source held in memory (tests).
  boost::asio::awaitable<void> run_source(std::string source, std::string name);

  // API functions are written as `ApiResult f(lua_State*)` and registered as
  // lua_function<f>: they throw C++ exceptions for bad calls (never luaL_error, whose
  // longjmp would skip C++ destructors) and return either results already pushed or an
  // operation to suspend the runbook on. Its exceptions become Lua errors at the calling
  // line ("demo.lua:12: <what()>"), catchable by pcall.
  struct ApiResult {
    int results = 0;
    std::optional<Operation> operation;
  };
  using ApiFunction = ApiResult (*)(lua_State*);

  template <ApiFunction F>
  static int lua_function(lua_State* L) {
    const int action = call(L, F);  // every C++ object is gone before Lua longjmps
    if (action == kRaise) return raise(L);
    if (action == kSuspend) return yield(L);
    return action;
  }

  // Registers `functions` (ending with {nullptr, nullptr}) as globals.
  static void set_globals(lua_State* L, const luaL_Reg* functions);

  // "demo.lua:12:" of the runbook line calling the current API function.
  static std::string where(lua_State* L);

 private:
  static std::string read_runbook(const std::filesystem::path& path);
  static constexpr int kRaise = -1;
  static constexpr int kSuspend = -2;
  static int call(lua_State* L, ApiFunction f);
  static int raise(lua_State* L);
  static int yield(lua_State* L);
  boost::asio::awaitable<void> resume_until_done(lua_State* thread);
  static int continue_after(lua_State* L, int status, std::intptr_t ctx);
  static bool push_failure(lua_State* L);

  lua_State* lua_ = nullptr;
  lua_State* runbook_thread_ = nullptr;
  std::optional<Operation> pending_;
  std::string pending_where_;
  std::optional<std::string> failure_;  // the error to raise when the runbook resumes
  int results_ = 0;
};

}  // namespace mks::scripting
