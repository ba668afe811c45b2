#include "scripting/state_rules_file.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <lua.hpp>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace mks::scripting {
namespace {

// Registry key of the list of declarations, each {name=, line=, body=}.
constexpr const char* kDeclarations = "mks.state_rules";

constexpr std::array<std::string_view, 11> kKeys = {
    "severity",    "text", "bottom", "bottom_lines", "last_line", "absent",
    "ignore_case", "ocr",  "blank",  "text_console", "needle"};

// The Lua side only records declarations (no C++ objects live while Lua may raise); the
// C++ side reads them after the file ran and reports problems with the declaring line.
int declare_body(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_getfield(L, -1, "name");
  const char* name = lua_tostring(L, -1);
  if (lua_type(L, 1) != LUA_TTABLE) {
    return luaL_error(L, "state \"%s\" needs a table: state \"%s\" { severity = \"...\", ... }",
                      name, name);
  }
  lua_pop(L, 1);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "body");
  return 0;
}

int declare_state(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING) {
    return luaL_error(L, "state needs a name: state \"name\" { severity = \"...\", ... }");
  }
  lua_Debug caller;
  int line = 0;
  if (lua_getstack(L, 1, &caller) != 0 && lua_getinfo(L, "l", &caller) != 0) {
    line = caller.currentline;
  }
  lua_getfield(L, LUA_REGISTRYINDEX, kDeclarations);
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "name");
  lua_pushinteger(L, line);
  lua_setfield(L, -2, "line");
  lua_pushvalue(L, -1);
  lua_rawseti(L, -3, static_cast<lua_Integer>(lua_rawlen(L, -3)) + 1);
  lua_pushcclosure(L, declare_body, 1);
  return 1;
}

using LuaState = std::unique_ptr<lua_State, decltype(&lua_close)>;

LuaState sandbox() {
  LuaState L(luaL_newstate(), &lua_close);
  if (!L) throw std::bad_alloc();
  const std::array<std::pair<const char*, lua_CFunction>, 4> libraries = {{
      {LUA_GNAME, luaopen_base},
      {LUA_STRLIBNAME, luaopen_string},
      {LUA_TABLIBNAME, luaopen_table},
      {LUA_MATHLIBNAME, luaopen_math},
  }};
  for (const auto& [name, open] : libraries) {
    luaL_requiref(L.get(), name, open, 1);
    lua_pop(L.get(), 1);
  }
  for (const char* unsafe : {"dofile", "loadfile", "load", "require", "collectgarbage", "print"}) {
    lua_pushnil(L.get());
    lua_setglobal(L.get(), unsafe);
  }
  lua_newtable(L.get());
  lua_setfield(L.get(), LUA_REGISTRYINDEX, kDeclarations);
  lua_register(L.get(), "state", declare_state);
  return L;
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the rules file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void run(lua_State* L, const std::string& source, const std::string& name) {
  const std::string chunk = "@" + name;
  int status = luaL_loadbufferx(L, source.data(), source.size(), chunk.c_str(), "t");
  if (status == LUA_OK) status = lua_pcall(L, 0, 0, 0);
  if (status == LUA_OK) return;
  const char* message = lua_tostring(L, -1);
  throw std::runtime_error(
      one_line(message != nullptr ? message : name + ": the rules file raised a non-text error"));
}

// Reads one declaration's body (the table on top of the stack) into a rule.
class BodyReader {
 public:
  BodyReader(lua_State* L, fleet::StateRule& rule, std::filesystem::path folder)
      : L_(L), rule_(rule), folder_(std::move(folder)) {}

  void read() {
    const int body = lua_gettop(L_);
    lua_pushnil(L_);
    while (lua_next(L_, body) != 0) {
      if (lua_type(L_, -2) != LUA_TSTRING) fail("a value without a key (write key = value)");
      const std::string key = lua_tostring(L_, -2);
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        fail_plain("unknown key '" + key + "' in state \"" + rule_.state + "\"");
      }
      read_key(key);
      lua_pop(L_, 1);
    }
    if (rule_.severity.empty()) fail("no severity (critical, error, warning, info or ok)");
  }

 private:
  [[noreturn]] void fail_plain(const std::string& what) const {
    throw std::runtime_error(rule_.id + ": " + what);
  }
  [[noreturn]] void fail(const std::string& what) const {
    fail_plain("state \"" + rule_.state + "\": " + what);
  }

  void read_key(const std::string& key) {
    if (key == "severity") rule_.severity = string_value(key);
    if (key == "text") rule_.text = groups_value(key);
    if (key == "bottom") rule_.bottom = groups_value(key);
    if (key == "bottom_lines") rule_.bottom_lines = count_value(key);
    if (key == "last_line") rule_.last_line = strings_value(key);
    if (key == "absent") rule_.absent = strings_value(key);
    if (key == "ignore_case") rule_.ignore_case = bool_value(key);
    if (key == "ocr") rule_.ocr = bool_value(key);
    if (key == "blank") rule_.blank = bool_value(key);
    if (key == "text_console") rule_.text_console = bool_value(key);
    if (key == "needle") rule_.needle = needle_value();
  }

  std::string string_value(const std::string& key) const {
    if (lua_type(L_, -1) != LUA_TSTRING) fail("'" + key + "' must be a string");
    return lua_tostring(L_, -1);
  }

  bool bool_value(const std::string& key) const {
    if (lua_type(L_, -1) != LUA_TBOOLEAN) fail("'" + key + "' must be true or false");
    return lua_toboolean(L_, -1) != 0;
  }

  int count_value(const std::string& key) const {
    const double value = lua_type(L_, -1) == LUA_TNUMBER ? lua_tonumber(L_, -1) : 0;
    if (value < 1 || value > 1000 || value != std::floor(value)) {
      fail("'" + key + "' must be a whole number from 1 to 1000");
    }
    return static_cast<int>(value);
  }

  // The strings of the list on top of the stack; nested lists only where `nested` allows.
  std::vector<std::string> list_items(const std::string& key) const {
    std::vector<std::string> items;
    const int list = lua_gettop(L_);
    const auto size = static_cast<lua_Integer>(lua_rawlen(L_, list));
    if (size == 0) fail("'" + key + "' must not be an empty list");
    for (lua_Integer i = 1; i <= size; ++i) {
      if (lua_rawgeti(L_, list, i) != LUA_TSTRING) fail("'" + key + "' must list strings");
      items.emplace_back(lua_tostring(L_, -1));
      lua_pop(L_, 1);
    }
    return items;
  }

  // "text" or {"text", ...}: any of them.
  std::vector<std::string> strings_value(const std::string& key) const {
    if (lua_type(L_, -1) == LUA_TSTRING) return {lua_tostring(L_, -1)};
    if (lua_type(L_, -1) != LUA_TTABLE) fail("'" + key + "' must be a string or a list");
    return list_items(key);
  }

  // "text", {"a", "b"} (any of), {"a", {"b", "c"}} (a, or both b and c).
  fleet::TextGroups groups_value(const std::string& key) const {
    if (lua_type(L_, -1) == LUA_TSTRING) return {{lua_tostring(L_, -1)}};
    if (lua_type(L_, -1) != LUA_TTABLE) fail("'" + key + "' must be a string or a list");
    fleet::TextGroups groups;
    const int list = lua_gettop(L_);
    const auto size = static_cast<lua_Integer>(lua_rawlen(L_, list));
    if (size == 0) fail("'" + key + "' must not be an empty list");
    for (lua_Integer i = 1; i <= size; ++i) {
      const int type = lua_rawgeti(L_, list, i);
      if (type == LUA_TSTRING) {
        groups.push_back({lua_tostring(L_, -1)});
      } else if (type == LUA_TTABLE) {
        groups.push_back(list_items(key));
      } else {
        fail("'" + key + "' must list strings or lists of strings");
      }
      lua_pop(L_, 1);
    }
    return groups;
  }

  std::optional<double> number_field(int table, const char* field) const {
    const int type = lua_getfield(L_, table, field);
    const double value = lua_tonumber(L_, -1);
    lua_pop(L_, 1);
    if (type == LUA_TNIL) return std::nullopt;
    if (type != LUA_TNUMBER) fail("needle " + std::string(field) + " must be a number");
    return value;
  }

  // "file.png" or {"file.png", area = {x=, y=, w=, h=}, similarity = 0.95, margin = 0}.
  screen::Needle needle_value() const {
    const int value = lua_gettop(L_);
    if (lua_type(L_, value) == LUA_TTABLE)
      lua_rawgeti(L_, value, 1);
    else
      lua_pushvalue(L_, value);
    if (lua_type(L_, -1) != LUA_TSTRING) {
      fail("'needle' must be a file name or {\"file.png\", area = {x=, y=, w=, h=}, ...}");
    }
    const std::string file = lua_tostring(L_, -1);
    lua_pop(L_, 1);
    std::vector<screen::NeedleArea> areas;
    if (lua_type(L_, value) == LUA_TTABLE) areas = needle_areas(value);
    const std::filesystem::path path = folder_ / file;
    if (!std::filesystem::is_regular_file(path)) {
      fail("needle file '" + file + "' not found in " + folder_.string());
    }
    try {
      screen::Needle needle = screen::Needle::load(path);
      for (auto& area : areas) {
        if (area.rect.empty()) area.rect = needle.reference.bounds();
      }
      needle.areas = std::move(areas);
      needle.validate();
      return needle;
    } catch (const std::exception& e) {
      fail(one_line(e.what()));
    }
  }

  std::vector<screen::NeedleArea> needle_areas(int table) const {
    screen::NeedleArea area;
    if (auto s = number_field(table, "similarity")) area.similarity = *s;
    if (auto m = number_field(table, "margin")) area.margin = static_cast<int>(*m);
    const int type = lua_getfield(L_, table, "area");
    if (type == LUA_TTABLE) {
      const int rect = lua_gettop(L_);
      auto side = [&](const char* name) {
        auto v = number_field(rect, name);
        if (!v) fail("needle area needs numbers x, y, w and h");
        return static_cast<int>(*v);
      };
      area.rect = {side("x"), side("y"), side("w"), side("h")};
    } else if (type != LUA_TNIL) {
      fail("needle area must be {x=, y=, w=, h=}");
    }
    lua_pop(L_, 1);
    if (type == LUA_TNIL && area.similarity == screen::NeedleArea{}.similarity &&
        area.margin == 0) {
      return {};
    }
    return {area};  // without `area`: the whole reference, filled in once it is read
  }

  lua_State* L_;
  fleet::StateRule& rule_;
  std::filesystem::path folder_;
};

}  // namespace

fleet::StateRules load_state_rules(const std::filesystem::path& file) {
  const std::string name = file.filename().string();
  const LuaState L = sandbox();
  run(L.get(), read_file(file), name);

  std::vector<fleet::StateRule> rules;
  lua_getfield(L.get(), LUA_REGISTRYINDEX, kDeclarations);
  const int declarations = lua_gettop(L.get());
  const auto count = static_cast<lua_Integer>(lua_rawlen(L.get(), declarations));
  for (lua_Integer i = 1; i <= count; ++i) {
    lua_rawgeti(L.get(), declarations, i);
    const int entry = lua_gettop(L.get());
    fleet::StateRule rule;
    lua_getfield(L.get(), entry, "name");
    rule.state = lua_tostring(L.get(), -1);
    lua_getfield(L.get(), entry, "line");
    rule.id = name + ":" + std::to_string(lua_tointeger(L.get(), -1));
    if (lua_getfield(L.get(), entry, "body") != LUA_TTABLE) {
      throw std::runtime_error(rule.id + ": state \"" + rule.state + "\" has no body: state \"" +
                               rule.state + "\" { ... }");
    }
    BodyReader(L.get(), rule, file.parent_path()).read();
    rules.push_back(std::move(rule));
    lua_settop(L.get(), declarations);
  }
  try {
    return fleet::StateRules(std::move(rules));
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(one_line(e.what()));
  }
}

}  // namespace mks::scripting
