#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <cstdlib>
#include <lua.hpp>
#include <stdexcept>

#include "agent/transport/thumbprint.h"
#include "agent/transport/url.h"
#include "agent/vsphere/console_session.h"
#include "scripting/api.h"
#include "scripting/api_context.h"
#include "scripting/lua_args.h"
#include "scripting/runtime.h"
#include "scripting/screen_waits.h"

namespace mks::scripting {
namespace {

namespace asio = boost::asio;
using ApiResult = Runtime::ApiResult;

constexpr std::chrono::milliseconds kSleepSlice{100};

// The failure line adds the reason: "interrupted by SIGTERM (demo.lua:3: sleep stopped)".
void throw_if_interrupted(const ApiContext& context, const char* call) {
  if (context.stopped()) throw std::runtime_error(std::string(call) + " stopped");
}

ApiResult api_sleep(lua_State* L) {
  auto& context = ApiContext::of(L);
  const auto duration = seconds_to_ms(arg_number(L, 1, "sleep", "seconds"), "sleep", "seconds");
  context.progress.step(Runtime::where(L), "sleep " + seconds_text(duration), "sleep");
  return {0, [duration, context = &context](lua_State*) -> asio::awaitable<int> {
            // In slices, so that a stopped run does not sleep on.
            const auto end = std::chrono::steady_clock::now() + duration;
            asio::steady_timer timer(co_await asio::this_coro::executor);
            while (std::chrono::steady_clock::now() < end) {
              throw_if_interrupted(*context, "sleep");
              timer.expires_at(std::min(end, std::chrono::steady_clock::now() + kSleepSlice));
              co_await timer.async_wait(asio::use_awaitable);
            }
            co_return 0;
          }};
}

ApiResult api_log(lua_State* L) {
  auto& context = ApiContext::of(L);
  std::string line;
  for (int i = 1; i <= lua_gettop(L); ++i) {
    std::size_t size = 0;
    const char* text = luaL_tolstring(L, i, &size);
    line += (i > 1 ? " " : "") + std::string(text, size);
    lua_pop(L, 1);
  }
  context.progress.step(Runtime::where(L), "log: " + line, "log");
  return {};
}

// fail(message): ends the runbook here (catchable with pcall, like any failure).
ApiResult api_fail(lua_State* L) {
  auto& context = ApiContext::of(L);
  const std::string message = opt_string(L, 1, "fail", "message").value_or("fail() called");
  throw std::runtime_error(context.secrets.redact(message));
}

// env(name [, default]): for secrets; the value is masked in everything the runbook logs.
ApiResult api_env(lua_State* L) {
  auto& context = ApiContext::of(L);
  const std::string name = arg_string(L, 1, "env", "name");
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) {
    if (lua_isnoneornil(L, 2)) {
      throw std::runtime_error("env: environment variable " + name + " is not set");
    }
    lua_pushvalue(L, 2);
    return {1};
  }
  context.secrets.add(value);
  lua_pushstring(L, value);
  return {1};
}

// var(name [, default]): a value given with mksagent run --var name=value.
ApiResult api_var(lua_State* L) {
  auto& context = ApiContext::of(L);
  const std::string name = arg_string(L, 1, "var", "name");
  auto it = context.options.vars.find(name);
  if (it != context.options.vars.end()) {
    push(L, it->second);
    return {1};
  }
  if (lua_isnoneornil(L, 2)) {
    throw std::runtime_error("var: no value for \"" + name + "\" (give --var " + name + "=...)");
  }
  lua_pushvalue(L, 2);
  return {1};
}

// connect(target [, {layout=, insecure=, thumbprint=, timeout=}]): another console. The target
// is a console URL or vcenter://USER@VC/VM (password from $MKS_VCENTER_PASSWORD[_FILE]; a
// fresh ticket, and another after a drop).
ApiResult api_connect(lua_State* L) {
  auto& context = ApiContext::of(L);
  const std::string target_text = arg_string(L, 1, "connect", "target");
  const auto target = vsphere::ConsoleTarget::parse(target_text);
  const std::string password = target.vcenter ? vsphere::vcenter_password() : "";
  session::SessionOptions options = context.options.session;
  auto console = std::make_shared<Console>();
  console->name = target.redacted();
  console->layout = &input::KeyboardLayout::by_name(
      field_string(L, 2, "layout", "connect").value_or(context.options.layout));
  if (is_table(L, 2)) {
    lua_getfield(L, 2, "insecure");
    if (lua_toboolean(L, -1)) options.connect.tls.insecure = true;
    lua_pop(L, 1);
  }
  if (auto thumbprint = field_string(L, 2, "thumbprint", "connect")) {
    options.connect.tls.thumbprint = transport::Thumbprint::parse(*thumbprint);
  }
  if (auto seconds = field_number(L, 2, "timeout", "connect")) {
    options.connect.timeout = seconds_to_ms(*seconds, "connect", "timeout");
    options.handshake_timeout = options.connect.timeout;
  }
  throw_if_interrupted(context, "connect");
  context.progress.step(Runtime::where(L), "connect " + console->name, "connect");
  auto* context_of_run = &context;
  return {
      0,
      [target, password, options, console, context_of_run](lua_State* co) -> asio::awaitable<int> {
        console->session = co_await vsphere::open_console(target, options, password);
        if (!context_of_run->adopt(console)) throw_if_interrupted(*context_of_run, "connect");
        report_reconnects(*console->session, context_of_run->progress);
        if (context_of_run->console_opened) context_of_run->console_opened(*console);
        // The first frame brings the server's caps (VMware scancode keys).
        co_await console->session->wait_full_frame(session::Clock::now() +
                                                   options.handshake_timeout);
        push_console(co, console);
        co_return 1;
      }};
}

}  // namespace

void register_flow_api(lua_State* L) {
  const luaL_Reg functions[] = {
      {"sleep", Runtime::lua_function<api_sleep>},
      {"log", Runtime::lua_function<api_log>},
      {"fail", Runtime::lua_function<api_fail>},
      {"env", Runtime::lua_function<api_env>},
      {"var", Runtime::lua_function<api_var>},
      {"connect", Runtime::lua_function<api_connect>},
      {nullptr, nullptr},
  };
  Runtime::set_globals(L, functions);
}

}  // namespace mks::scripting
