#pragma once

struct lua_State;

namespace mks::scripting {

// The runbook API, registered as globals (and console methods). docs/runbooks.md lists
// every call. Each group lives in its own file.
void register_input_api(
    lua_State* L);  // type, type_secret, key, keys, key_down/up, mouse_*, set_pace, set_layout
void register_screen_api(lua_State* L);  // wait_text, has_text, screen_text, wait_screen, matches,
                                         // wait_still, wait_change, screenshot
void register_flow_api(lua_State* L);    // sleep, log, fail, env, var, connect

}  // namespace mks::scripting
