#include <lua.hpp>

#include "agent/input/key_notation.h"
#include "agent/input/scancodes.h"
#include "agent/input/utf8.h"
#include "scripting/api.h"
#include "scripting/api_context.h"
#include "scripting/lua_args.h"
#include "scripting/runtime.h"

namespace mks::scripting {
namespace {

namespace asio = boost::asio;
using ApiResult = Runtime::ApiResult;

// "text" for a progress line, control characters escaped ("root\n").
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Checks the whole text before anything is sent: a runbook never types half a password.
void check_typeable(const std::u32string& text, const input::KeyboardLayout& layout,
                    const char* call) {
  for (char32_t c : text) {
    if (c == U'\n' || c == U'\r' || layout.stroke_for(c)) continue;
    try {
      layout.require_stroke(c);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string(call) + ": " + e.what());
    }
  }
}

ApiResult type_text(lua_State* L, const char* call, bool secret) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::string text = arg_string(L, first, call, "text");
  auto chars = input::utf8::decode(text);
  check_typeable(chars, *console.layout, call);
  if (secret) {
    context.secrets.add(text);
    const auto end = text.find_last_not_of("\r\n");
    if (end != std::string::npos) context.secrets.add(text.substr(0, end + 1));
  }
  context.progress.step(
      Runtime::where(L),
      secret ? std::string(call) + " (" + std::to_string(chars.size()) + " characters)"
             : std::string(call) + " " + quoted(text),
      "type");
  auto session = console.session;
  const auto* layout = console.layout;
  return {0, [session, layout, chars](lua_State*) -> asio::awaitable<int> {
            co_await session->type(chars, *layout);
            co_return 0;
          }};
}

ApiResult api_type(lua_State* L) {
  return type_text(L, "type", false);
}

ApiResult api_type_secret(lua_State* L) {
  return type_text(L, "type_secret", true);
}

ApiResult api_key(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::string combo = arg_string(L, first, "key", "combo");
  input::scancode::parse_combo(combo);  // unknown names fail here, at the calling line
  context.progress.step(Runtime::where(L), "key " + combo, "key");
  auto session = console.session;
  return {0, [session, combo](lua_State*) -> asio::awaitable<int> {
            co_await session->key(combo);
            co_return 0;
          }};
}

std::uint16_t single_key(lua_State* L, int index, const char* call) {
  const std::string name = arg_string(L, index, call, "key");
  auto code = input::scancode::for_key_name(name);
  if (!code) throw std::invalid_argument(std::string(call) + ": unknown key \"" + name + "\"");
  return *code;
}

ApiResult key_hold(lua_State* L, const char* call, bool down) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::uint16_t code = single_key(L, first, call);
  context.progress.step(Runtime::where(L), std::string(call) + " " + lua_tostring(L, first), "key");
  auto session = console.session;
  return {0, [session, code, down](lua_State*) -> asio::awaitable<int> {
            if (down) {
              co_await session->key_down(code);
            } else {
              co_await session->key_up(code);
            }
            co_return 0;
          }};
}

ApiResult api_key_down(lua_State* L) {
  return key_hold(L, "key_down", true);
}

ApiResult api_key_up(lua_State* L) {
  return key_hold(L, "key_up", false);
}

ApiResult api_keys(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::string notation = arg_string(L, first, "keys", "key string");
  std::vector<input::KeyStep> steps = input::parse_key_notation(notation);
  for (const auto& step : steps) {
    if (step.kind == input::KeyStep::Kind::kText)
      check_typeable(step.text, *console.layout, "keys");
  }
  context.progress.step(Runtime::where(L), "keys " + quoted(notation), "key");
  auto session = console.session;
  const auto* layout = console.layout;
  return {0, [session, layout, steps](lua_State*) -> asio::awaitable<int> {
            co_await session->keys(steps, *layout);
            co_return 0;
          }};
}

ApiResult api_set_pace(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const double ms = arg_number(L, first, "set_pace", "milliseconds per key event");
  if (ms < 0 || ms > 10000) throw std::invalid_argument("set_pace: give 0 to 10000 ms");
  console.session->set_key_delay(std::chrono::milliseconds(static_cast<long>(ms)));
  return {};
}

ApiResult api_set_layout(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  console.layout = &input::KeyboardLayout::by_name(arg_string(L, first, "set_layout", "layout"));
  return {};
}

std::uint8_t button_bit(lua_State* L, int index, const char* call) {
  const std::string name = opt_string(L, index, call, "button").value_or("left");
  if (name == "left") return 1;
  if (name == "middle") return 2;
  if (name == "right") return 4;
  throw std::invalid_argument(std::string(call) +
                              ": button must be \"left\", \"middle\" or "
                              "\"right\", not \"" +
                              name + "\"");
}

ApiResult api_mouse_move(lua_State* L) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const int x = arg_int(L, first, "mouse_move", "x");
  const int y = arg_int(L, first + 1, "mouse_move", "y");
  context.progress.step(Runtime::where(L),
                        "mouse_move " + std::to_string(x) + "," + std::to_string(y), "mouse");
  auto session = console.session;
  return {0, [session, x, y](lua_State*) -> asio::awaitable<int> {
            co_await session->pointer(x, y, session->pointer_buttons());
            co_return 0;
          }};
}

// mouse_click([button], [x, y]); mouse_down/up([button]).
ApiResult mouse_buttons(lua_State* L, const char* call, bool press, bool release) {
  auto& context = ApiContext::of(L);
  int first = 1;
  Console& console = context.console_for(L, first);
  const std::uint8_t bit = button_bit(L, first, call);
  auto session = console.session;
  int x = session->pointer_x(), y = session->pointer_y();
  if (press && release && !lua_isnoneornil(L, first + 1)) {
    x = arg_int(L, first + 1, call, "x");
    y = arg_int(L, first + 2, call, "y");
  }
  context.progress.step(Runtime::where(L),
                        std::string(call) + " at " + std::to_string(x) + "," + std::to_string(y),
                        "mouse");
  return {0, [session, bit, x, y, press, release](lua_State*) -> asio::awaitable<int> {
            const std::uint8_t held = session->pointer_buttons();
            if (press) co_await session->pointer(x, y, held | bit);
            if (release) co_await session->pointer(x, y, held & ~bit);
            co_return 0;
          }};
}

ApiResult api_mouse_click(lua_State* L) {
  return mouse_buttons(L, "mouse_click", true, true);
}

ApiResult api_mouse_down(lua_State* L) {
  return mouse_buttons(L, "mouse_down", true, false);
}

ApiResult api_mouse_up(lua_State* L) {
  return mouse_buttons(L, "mouse_up", false, true);
}

}  // namespace

void register_input_api(lua_State* L) {
  const luaL_Reg functions[] = {
      {"type", Runtime::lua_function<api_type>},
      {"type_secret", Runtime::lua_function<api_type_secret>},
      {"key", Runtime::lua_function<api_key>},
      {"key_down", Runtime::lua_function<api_key_down>},
      {"key_up", Runtime::lua_function<api_key_up>},
      {"keys", Runtime::lua_function<api_keys>},
      {"set_pace", Runtime::lua_function<api_set_pace>},
      {"set_layout", Runtime::lua_function<api_set_layout>},
      {"mouse_move", Runtime::lua_function<api_mouse_move>},
      {"mouse_click", Runtime::lua_function<api_mouse_click>},
      {"mouse_down", Runtime::lua_function<api_mouse_down>},
      {"mouse_up", Runtime::lua_function<api_mouse_up>},
      {nullptr, nullptr},
  };
  Runtime::set_globals(L, functions);
}

}  // namespace mks::scripting
