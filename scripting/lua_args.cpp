#include "scripting/lua_args.h"

#include <cmath>
#include <lua.hpp>

namespace mks::scripting {
namespace {

[[noreturn]] void bad(lua_State* L, int index, const char* call, const char* what,
                      const char* expected) {
  throw std::invalid_argument(std::string(call) + ": argument " + std::to_string(index) + " (" +
                              what + ") must be " + expected + ", got " + luaL_typename(L, index));
}

}  // namespace

std::string arg_string(lua_State* L, int index, const char* call, const char* what) {
  if (lua_type(L, index) != LUA_TSTRING) bad(L, index, call, what, "a string");
  std::size_t size = 0;
  const char* data = lua_tolstring(L, index, &size);
  return std::string(data, size);
}

std::optional<std::string> opt_string(lua_State* L, int index, const char* call, const char* what) {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return arg_string(L, index, call, what);
}

double arg_number(lua_State* L, int index, const char* call, const char* what) {
  if (lua_type(L, index) != LUA_TNUMBER) bad(L, index, call, what, "a number");
  const double value = lua_tonumber(L, index);
  if (!std::isfinite(value)) bad(L, index, call, what, "a finite number");
  return value;
}

std::optional<double> opt_number(lua_State* L, int index, const char* call, const char* what) {
  if (lua_isnoneornil(L, index)) return std::nullopt;
  return arg_number(L, index, call, what);
}

int arg_int(lua_State* L, int index, const char* call, const char* what) {
  const double value = arg_number(L, index, call, what);
  if (value != std::floor(value) || std::abs(value) > 1e9) {
    bad(L, index, call, what, "a whole number");
  }
  return static_cast<int>(value);
}

bool is_table(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TTABLE;
}

std::optional<double> field_number(lua_State* L, int index, const char* field, const char* call) {
  if (!is_table(L, index)) return std::nullopt;
  lua_getfield(L, index, field);
  const int type = lua_type(L, -1);
  const double value = lua_tonumber(L, -1);
  lua_pop(L, 1);
  if (type == LUA_TNIL) return std::nullopt;
  if (type != LUA_TNUMBER || !std::isfinite(value)) {
    throw std::invalid_argument(std::string(call) + ": option " + field + " must be a number");
  }
  return value;
}

std::optional<std::string> field_string(lua_State* L, int index, const char* field,
                                        const char* call) {
  if (!is_table(L, index)) return std::nullopt;
  lua_getfield(L, index, field);
  const int type = lua_type(L, -1);
  std::optional<std::string> value;
  if (type == LUA_TSTRING) {
    std::size_t size = 0;
    const char* data = lua_tolstring(L, -1, &size);
    value.emplace(data, size);
  }
  lua_pop(L, 1);
  if (type != LUA_TNIL && type != LUA_TSTRING) {
    throw std::invalid_argument(std::string(call) + ": option " + field + " must be a string");
  }
  return value;
}

std::chrono::milliseconds seconds_to_ms(double seconds, const char* call, const char* what) {
  if (seconds < 0 || seconds > 7 * 24 * 3600) {
    throw std::invalid_argument(std::string(call) + ": " + what +
                                " must be between 0 and 604800 seconds");
  }
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

std::chrono::milliseconds timeout_arg(lua_State* L, int index, const char* call,
                                      std::chrono::milliseconds fallback) {
  if (lua_isnoneornil(L, index)) return fallback;
  if (lua_type(L, index) == LUA_TNUMBER) {
    return seconds_to_ms(arg_number(L, index, call, "timeout"), call, "timeout");
  }
  if (!is_table(L, index)) bad(L, index, call, "timeout or options", "a number or a table");
  const auto seconds = field_number(L, index, "timeout", call);
  return seconds ? seconds_to_ms(*seconds, call, "timeout") : fallback;
}

void push(lua_State* L, const std::string& text) {
  lua_pushlstring(L, text.data(), text.size());
}

}  // namespace mks::scripting
