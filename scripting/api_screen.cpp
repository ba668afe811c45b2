#include <lua.hpp>

#include "agent/errors.h"
#include "agent/screen/needle.h"
#include "codecs/png.h"
#include "scripting/api.h"
#include "scripting/api_context.h"
#include "scripting/lua_args.h"
#include "scripting/runtime.h"
#include "scripting/screen_waits.h"

namespace mks::scripting {
namespace {

namespace asio = boost::asio;
using ApiResult = Runtime::ApiResult;

Clock::time_point deadline_after(std::chrono::milliseconds timeout) {
  return Clock::now() + timeout;
}

nlohmann::json waiting() {
  return {{"outcome", "waiting"}};
}

nlohmann::json outcome(const char* what, Clock::time_point start) {
  return {{"outcome", what},
          {"duration_ms",
           std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count()}};
}

// A wait that ran out of time is a step of its own (outcome "timed out") before the error
// goes on to the runbook, where pcall may catch it.
void report_timeout(Progress& progress, const std::string& where, const std::exception& e,
                    Clock::time_point start) {
  progress.step(where, e.what(), "wait", outcome("timed out", start));
}

ApiResult api_wait_text(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::string text = arg_string(L, first, "wait_text", "text");
  const auto timeout = timeout_arg(L, first + 1, "wait_text", context.options.wait_timeout);
  const std::string where = Runtime::where(L);
  context.progress.step(where, "wait_text \"" + text + "\"", "wait", waiting());
  auto session = console.session;
  auto* reader = console.reader.get();
  auto* progress = &context.progress;
  return {0, [session, reader, text, timeout, where, progress](lua_State*) -> asio::awaitable<int> {
            const auto start = Clock::now();
            screen::ScreenText seen;
            try {
              seen = co_await wait_for_text(*session, *reader, text, deadline_after(timeout));
            } catch (const TimeoutError& e) {
              report_timeout(*progress, where, e, start);
              throw;
            }
            progress->step(where,
                           "found \"" + text + "\" after " + seconds_text(Clock::now() - start) +
                               (seen.source == screen::ScreenText::Source::kOcr ? " (by OCR)" : ""),
                           "wait", outcome("found", start));
            co_return 0;
          }};
}

// has_text(text): now, without waiting (false until a complete frame arrived).
ApiResult api_has_text(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::string text = arg_string(L, first, "has_text", "text");
  auto session = console.session;
  auto* reader = console.reader.get();
  return {0, [session, reader, text](lua_State* co) -> asio::awaitable<int> {
            bool found = false;
            if (session->screen_ready()) {
              screen::ScreenText seen = co_await reader->read(session->screen());
              found = seen.contains(text);
            }
            lua_pushboolean(co, found);
            co_return 1;
          }};
}

// screen_text(): the text on screen now, lines joined by "\n".
ApiResult api_screen_text(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const auto timeout = timeout_arg(L, first, "screen_text", context.options.wait_timeout);
  auto session = console.session;
  auto* reader = console.reader.get();
  return {0, [session, reader, timeout](lua_State* co) -> asio::awaitable<int> {
            co_await wait_for_screen(*session, deadline_after(timeout));
            screen::ScreenText seen = co_await reader->read(session->screen());
            push(co, seen.joined());
            co_return 1;
          }};
}

codecs::Rect rect_field(lua_State* L, int index, const char* call) {
  auto get = [&](const char* name) {
    lua_getfield(L, index, name);
    const bool ok = lua_type(L, -1) == LUA_TNUMBER;
    const double value = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!ok) {
      throw std::invalid_argument(std::string(call) + ": area needs numbers x, y, w and h");
    }
    return static_cast<int>(value);
  };
  return {get("x"), get("y"), get("w"), get("h")};
}

// A needle from (png [, {area={x,y,w,h} | areas={{x,y,w,h,similarity=,margin=}, ...},
// similarity=, margin=, timeout=}]).
screen::Needle needle_arg(ApiContext& context, lua_State* L, int index, const char* call) {
  const std::string file = arg_string(L, index, call, "reference PNG");
  const int options = index + 1;
  if (!lua_isnoneornil(L, options) && !is_table(L, options)) {
    throw std::invalid_argument(std::string(call) + ": argument " + std::to_string(options) +
                                " must be an options table");
  }
  screen::NeedleArea defaults;
  if (auto s = field_number(L, options, "similarity", call)) defaults.similarity = *s;
  if (auto m = field_number(L, options, "margin", call)) defaults.margin = static_cast<int>(*m);
  std::vector<screen::NeedleArea> areas;
  if (is_table(L, options)) {
    lua_getfield(L, options, "area");
    if (is_table(L, -1)) {
      screen::NeedleArea area = defaults;
      area.rect = rect_field(L, lua_gettop(L), call);
      areas.push_back(area);
    }
    lua_pop(L, 1);
    lua_getfield(L, options, "areas");
    if (is_table(L, -1)) {
      const int list = lua_gettop(L);
      for (lua_Integer i = 1; lua_rawgeti(L, list, i) == LUA_TTABLE; ++i) {
        screen::NeedleArea area = defaults;
        const int item = lua_gettop(L);
        area.rect = rect_field(L, item, call);
        if (auto s = field_number(L, item, "similarity", call)) area.similarity = *s;
        if (auto m = field_number(L, item, "margin", call)) area.margin = static_cast<int>(*m);
        areas.push_back(area);
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  if (areas.empty() && (defaults.similarity != screen::NeedleArea{}.similarity ||
                        defaults.margin != screen::NeedleArea{}.margin)) {
    areas.push_back(defaults);  // the whole image, with the given similarity and margin
  }
  return screen::Needle::load(context.input_path(file), std::move(areas));
}

ApiResult api_wait_screen(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  screen::Needle needle = needle_arg(context, L, first, "wait_screen");
  const auto timeout = timeout_arg(L, first + 1, "wait_screen", context.options.wait_timeout);
  const std::string where = Runtime::where(L);
  context.progress.step(where, "wait_screen " + needle.name, "wait", waiting());
  auto session = console.session;
  auto* progress = &context.progress;
  return {0, [session, needle, timeout, where, progress](lua_State*) -> asio::awaitable<int> {
            const auto start = Clock::now();
            screen::NeedleMatch result;
            try {
              result = co_await wait_for_needle(*session, needle, deadline_after(timeout));
            } catch (const TimeoutError& e) {
              report_timeout(*progress, where, e, start);
              throw;
            }
            progress->step(where,
                           "matched " + needle.name + " after " +
                               seconds_text(Clock::now() - start) + " (" + result.describe() + ")",
                           "wait", outcome("matched", start));
            co_return 0;
          }};
}

ApiResult api_matches(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const screen::Needle needle = needle_arg(context, L, first, "matches");
  const bool ok =
      console.session->screen_ready() && screen::match(needle, console.session->screen()).ok;
  lua_pushboolean(L, ok);
  return {1};
}

ApiResult api_wait_still(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const auto quiet = seconds_to_ms(opt_number(L, first, "wait_still", "seconds").value_or(1.0),
                                   "wait_still", "seconds");
  const auto timeout = timeout_arg(L, first + 1, "wait_still", context.options.wait_timeout);
  const std::string where = Runtime::where(L);
  context.progress.step(where, "wait_still " + seconds_text(quiet), "wait", waiting());
  auto session = console.session;
  auto* progress = &context.progress;
  return {0, [session, quiet, timeout, where, progress](lua_State*) -> asio::awaitable<int> {
            const auto start = Clock::now();
            try {
              co_await wait_for_still(*session, quiet, deadline_after(timeout));
            } catch (const TimeoutError& e) {
              report_timeout(*progress, where, e, start);
              throw;
            }
            progress->step(where, "still after " + seconds_text(Clock::now() - start), "wait",
                           outcome("still", start));
            co_return 0;
          }};
}

ApiResult api_wait_change(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const auto timeout = timeout_arg(L, first, "wait_change", context.options.wait_timeout);
  const std::string where = Runtime::where(L);
  context.progress.step(where, "wait_change", "wait", waiting());
  auto session = console.session;
  auto* progress = &context.progress;
  return {0, [session, timeout, where, progress](lua_State*) -> asio::awaitable<int> {
            const auto start = Clock::now();
            try {
              co_await wait_for_change(*session, deadline_after(timeout));
            } catch (const TimeoutError& e) {
              report_timeout(*progress, where, e, start);
              throw;
            }
            progress->step(where, "changed after " + seconds_text(Clock::now() - start), "wait",
                           outcome("changed", start));
            co_return 0;
          }};
}

// screenshot([name]): a PNG in the output folder; returns its path.
ApiResult api_screenshot(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  auto name = opt_string(L, first, "screenshot", "file name");
  if (!name) name = "screenshot-" + std::to_string(++context.screenshots) + ".png";
  const auto path = context.output_path(*name);
  const std::string where = Runtime::where(L);
  auto session = console.session;
  auto* progress = &context.progress;
  const nlohmann::json fields = {{"file", std::filesystem::path(*name).generic_string()}};
  return {0, [session, path, where, progress, fields](lua_State* co) -> asio::awaitable<int> {
            co_await wait_for_screen(*session, Clock::now() + std::chrono::seconds(30));
            if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
            codecs::write_png_file(session->screen(), path);
            progress->step(where, "screenshot " + path.string(), "screenshot", fields);
            push(co, path.string());
            co_return 1;
          }};
}

}  // namespace

void register_screen_api(lua_State* L) {
  const luaL_Reg functions[] = {
      {"wait_text", Runtime::lua_function<api_wait_text>},
      {"has_text", Runtime::lua_function<api_has_text>},
      {"screen_text", Runtime::lua_function<api_screen_text>},
      {"wait_screen", Runtime::lua_function<api_wait_screen>},
      {"matches", Runtime::lua_function<api_matches>},
      {"wait_still", Runtime::lua_function<api_wait_still>},
      {"wait_change", Runtime::lua_function<api_wait_change>},
      {"screenshot", Runtime::lua_function<api_screenshot>},
      {nullptr, nullptr},
  };
  Runtime::set_globals(L, functions);
}

}  // namespace mks::scripting
