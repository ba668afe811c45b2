#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

struct lua_State;

namespace mks::scripting {

// Argument checks for API functions. They throw std::invalid_argument naming the call
// and the argument ("wait_text: argument 1 (text) must be a string, got nil") instead of
// luaL_check*, whose longjmp would skip C++ destructors.

std::string arg_string(lua_State* L, int index, const char* call, const char* what);
std::optional<std::string> opt_string(lua_State* L, int index, const char* call, const char* what);
double arg_number(lua_State* L, int index, const char* call, const char* what);
std::optional<double> opt_number(lua_State* L, int index, const char* call, const char* what);
int arg_int(lua_State* L, int index, const char* call, const char* what);

// Fields of an options table at `index` (absent or nil table: nullopt).
std::optional<double> field_number(lua_State* L, int index, const char* field, const char* call);
std::optional<std::string> field_string(lua_State* L, int index, const char* field,
                                        const char* call);
bool is_table(lua_State* L, int index);

// The usual trailing argument of waits: a number of seconds, or a table with `timeout`.
std::chrono::milliseconds timeout_arg(lua_State* L, int index, const char* call,
                                      std::chrono::milliseconds fallback);
std::chrono::milliseconds seconds_to_ms(double seconds, const char* call, const char* what);

void push(lua_State* L, const std::string& text);

}  // namespace mks::scripting
