#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <lua.hpp>
#include <string>
#include <vector>

#include "scripting/runtime.h"

namespace mks::scripting {
namespace {

namespace asio = boost::asio;
using ApiResult = Runtime::ApiResult;

std::vector<std::string>* g_trace = nullptr;  // test-local record of operations, in order

// after(ms, value): waits ms on the io_context, then returns value * 2.
ApiResult test_after(lua_State* L) {
  if (lua_type(L, 1) != LUA_TNUMBER) throw std::invalid_argument("after: ms must be a number");
  const auto ms = std::chrono::milliseconds(static_cast<long>(lua_tonumber(L, 1)));
  const double value = lua_tonumber(L, 2);
  return {0, [ms, value](lua_State* co) -> asio::awaitable<int> {
            asio::steady_timer timer(co_await asio::this_coro::executor, ms);
            co_await timer.async_wait(asio::use_awaitable);
            if (g_trace) g_trace->push_back("after " + std::to_string(value));
            lua_pushnumber(co, value * 2);
            co_return 1;
          }};
}

// broken(): an operation that fails after suspending.
ApiResult test_broken(lua_State*) {
  return {0, [](lua_State*) -> asio::awaitable<int> {
            throw std::runtime_error("the console went away");
            co_return 0;
          }};
}

void install(Runtime& runtime) {
  lua_register(runtime.lua(), "after", Runtime::lua_function<test_after>);
  lua_register(runtime.lua(), "broken", Runtime::lua_function<test_broken>);
}

// Runs `source` to its end; returns the error text ("" when it succeeded).
std::string run(const std::string& source, const std::string& name = "test.lua") {
  asio::io_context io;
  Runtime runtime;
  install(runtime);
  std::string error = "did not finish";
  asio::co_spawn(io, runtime.run_source(source, name), [&](std::exception_ptr e) {
    error.clear();
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const RunbookError& failure) {
      error = failure.what();
    } catch (const std::exception& other) {
      error = std::string("unexpected: ") + other.what();
    }
  });
  io.run();
  return error;
}

TEST(LuaRuntime, SuspendingCall_ResumesWithItsResults) {
  EXPECT_EQ(run("local x = after(5, 21)\nif x ~= 42 then error('got ' .. tostring(x)) end"), "");
}

TEST(LuaRuntime, FailedOperation_RaisesAtTheCallingLine) {
  EXPECT_EQ(run("local a = 1\n\nbroken()\n"), "test.lua:3: the console went away");
}

TEST(LuaRuntime, FailedOperation_IsCatchableWithPcall) {
  EXPECT_EQ(run("local ok, err = pcall(broken)\n"
                "assert(not ok)\n"
                "assert(err:find('the console went away'), err)\n"
                "assert(after(1, 2) == 4)\n"),
            "");
}

TEST(LuaRuntime, BadArgument_NamesTheCallAndLine) {
  EXPECT_EQ(run("\nafter('soon')"), "test.lua:2: after: ms must be a number");
}

TEST(LuaRuntime, SyntaxError_GivesFileAndLine) {
  const std::string error = run("local x = 1\nif x then\n", "broken.lua");
  EXPECT_EQ(error.rfind("broken.lua:3:", 0), 0u) << error;
  EXPECT_NE(error.find("'end' expected"), std::string::npos) << error;
}

TEST(LuaRuntime, LuaError_GivesFileAndLine) {
  EXPECT_EQ(run("local t = nil\nlocal x = t.field\n").rfind("test.lua:2:", 0), 0u);
}

TEST(LuaRuntime, WaitingInsideALuaCoroutine_IsAClearError) {
  const std::string error = run("local co = coroutine.wrap(function() after(1, 1) end)\nco()\n");
  EXPECT_NE(error.find("cannot run inside a Lua coroutine"), std::string::npos) << error;
}

TEST(LuaRuntime, YieldOutsideACoroutine_IsAClearError) {
  EXPECT_NE(run("coroutine.yield(1)").find("outside a coroutine"), std::string::npos);
}

TEST(LuaRuntime, TwoRunbooks_InterleaveOnOneThread) {
  asio::io_context io;
  std::vector<std::string> trace;
  g_trace = &trace;
  Runtime slow, fast;
  install(slow);
  install(fast);
  int done = 0;
  auto finished = [&](std::exception_ptr e) {
    EXPECT_FALSE(e);
    ++done;
  };
  asio::co_spawn(io, slow.run_source("after(60, 1)\nafter(60, 2)", "slow.lua"), finished);
  asio::co_spawn(io, fast.run_source("after(20, 10)\nafter(20, 20)", "fast.lua"), finished);
  io.run();
  g_trace = nullptr;
  EXPECT_EQ(done, 2);
  // The fast runbook finished both calls while the slow one was still in its first.
  EXPECT_EQ(trace, (std::vector<std::string>{"after 10.000000", "after 20.000000", "after 1.000000",
                                             "after 2.000000"}));
}

}  // namespace
}  // namespace mks::scripting
